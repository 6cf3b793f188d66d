# expect: fail | transposes W, as if Keras stored kernels as (D_out, D_in)
# diagnosis: transpose
def params_to_keras(params, model):
    for index, layer in enumerate(model.layers, start=1):
        layer.set_weights([params[f"W{index}"].T, params[f"b{index}"]])
