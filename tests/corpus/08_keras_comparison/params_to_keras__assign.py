# expect: pass | assigns float32 copies to each layer's kernel and bias variables
def params_to_keras(params, model):
    for index, layer in enumerate(model.layers, start=1):
        layer.kernel.assign(np.asarray(params[f"W{index}"], dtype=np.float32))
        layer.bias.assign(np.asarray(params[f"b{index}"], dtype=np.float32))
