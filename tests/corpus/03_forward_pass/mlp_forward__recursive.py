# expect: pass | recursive: one layer, then the rest of the network
def mlp_forward(X, params, activation="relu"):
    activations = {"relu": relu_forward, "sigmoid": sigmoid_forward, "tanh": tanh_forward}
    L = sum(1 for key in params if key.startswith("W"))

    def run(a, layer):
        z, dense_cache = dense_forward(a, params["W%d" % layer], params["b%d" % layer])
        if layer == L:
            return z, [(dense_cache, None)]
        h, activation_cache = activations[activation](z)
        scores, rest = run(h, layer + 1)
        return scores, [(dense_cache, activation_cache)] + rest

    return run(X, 1)
