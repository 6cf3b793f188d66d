# expect: fail | converts the caller's params dict to float32 in place (replaces its entries)
# diagnosis: shape or dtype changed
def params_to_keras(params, model):
    for key in params:
        params[key] = params[key].astype(np.float32)
    for index, layer in enumerate(model.layers, start=1):
        layer.set_weights([params[f"W{index}"], params[f"b{index}"]])
