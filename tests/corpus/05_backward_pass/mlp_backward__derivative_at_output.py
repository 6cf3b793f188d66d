# expect: fail | evaluates the activation derivative at the activation output h = g(z) (the next layer's input) instead of z
# diagnosis: evaluated at its output
def mlp_backward(dscores, caches, activation="relu"):
    backward = {"relu": relu_backward, "sigmoid": sigmoid_backward, "tanh": tanh_backward}[activation]
    grads = {}
    upstream = dscores
    for layer in range(len(caches), 0, -1):
        dense_cache, activation_cache = caches[layer - 1]
        if activation_cache is not None:
            h = caches[layer][0][0]          # input of the next dense layer, i.e. g(z)
            upstream = backward(upstream, h)
        upstream, grads[f"W{layer}"], grads[f"b{layer}"] = dense_backward(upstream, dense_cache)
    return grads
