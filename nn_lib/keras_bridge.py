"""PLACEHOLDER: being written."""

def build_keras_model(layer_sizes, activation="relu"):
    raise NotImplementedError


def params_to_keras(params, model):
    raise NotImplementedError


def keras_gradients(model, X, y):
    raise NotImplementedError


def compile_and_fit(model, X, y, *, epochs, batch_size, lr, momentum=0.0):
    raise NotImplementedError


