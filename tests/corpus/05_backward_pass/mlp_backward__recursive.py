# expect: pass | recursion over the list of caches, if/elif on the activation name
def mlp_backward(dscores, caches, activation="relu"):
    def activation_backward(dout, z):
        if activation == "relu":
            return relu_backward(dout, z)
        elif activation == "sigmoid":
            return sigmoid_backward(dout, z)
        elif activation == "tanh":
            return tanh_backward(dout, z)
        raise ValueError(f"unknown activation {activation!r}")

    def backward_from(layer, upstream, grads):
        if layer == 0:
            return grads
        dense_cache, activation_cache = caches[layer - 1]
        if activation_cache is not None:
            upstream = activation_backward(upstream, activation_cache)
        dx, grads["W%d" % layer], grads["b%d" % layer] = dense_backward(upstream, dense_cache)
        return backward_from(layer - 1, dx, grads)

    return backward_from(len(caches), dscores, {})
