# expect: pass | model.get_layer(index=...) for each layer, float32 copies made with np.asarray, the number of layers from params
import numpy as np


def params_to_keras(params, model):
    for index in range(len(params) // 2):
        layer = model.get_layer(index=index)
        kernel = np.asarray(params["W%d" % (index + 1)], dtype="float32")
        bias = np.asarray(params["b%d" % (index + 1)], dtype="float32")
        layer.set_weights([kernel, bias])
