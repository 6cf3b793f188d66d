# expect: fail | numbers the layers from 0 (keys W0, b0, ...)
# diagnosis: numbered from 0
def mlp_backward(dscores, caches, activation="relu"):
    backward = {"relu": relu_backward, "sigmoid": sigmoid_backward, "tanh": tanh_backward}[activation]
    grads = {}
    upstream = dscores
    for i in reversed(range(len(caches))):
        dense_cache, activation_cache = caches[i]
        if activation_cache is not None:
            upstream = backward(upstream, activation_cache)
        upstream, grads[f"W{i}"], grads[f"b{i}"] = dense_backward(upstream, dense_cache)
    return grads
