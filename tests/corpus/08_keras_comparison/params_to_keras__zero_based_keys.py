# expect: fail | numbers the layers from 0, so it looks for W0 / b0
# diagnosis: looked for params['W0']
def params_to_keras(params, model):
    for index, layer in enumerate(model.layers):
        layer.set_weights([params[f"W{index}"], params[f"b{index}"]])
