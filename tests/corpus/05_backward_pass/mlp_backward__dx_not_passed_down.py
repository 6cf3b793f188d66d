# expect: fail | forgets to pass dx down: every layer receives dscores as its upstream gradient
# diagnosis: dense_backward returned
def mlp_backward(dscores, caches, activation="relu"):
    backward = {"relu": relu_backward, "sigmoid": sigmoid_backward, "tanh": tanh_backward}[activation]
    grads = {}
    upstream = dscores
    for layer in range(len(caches), 0, -1):
        dense_cache, activation_cache = caches[layer - 1]
        d = upstream if activation_cache is None else backward(upstream, activation_cache)
        dx, grads[f"W{layer}"], grads[f"b{layer}"] = dense_backward(d, dense_cache)
    return grads
