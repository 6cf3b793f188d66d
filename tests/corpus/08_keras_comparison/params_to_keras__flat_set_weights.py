# expect: pass | builds the flat list [W1, b1, W2, b2, ...] and calls model.set_weights once
def params_to_keras(params, model):
    n_layers = len(params) // 2
    weights = []
    for layer in range(1, n_layers + 1):
        weights += [params[f"W{layer}"], params[f"b{layer}"]]
    model.set_weights(weights)
