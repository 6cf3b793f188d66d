# expect: pass | while loop counting the layers down, if/elif on the activation name
def mlp_backward(dscores, caches, activation="relu"):
    grads = {}
    layer = len(caches)
    d = dscores
    while layer >= 1:
        dense_cache, z = caches[layer - 1]
        if z is not None:
            if activation == "relu":
                d = relu_backward(d, z)
            elif activation == "sigmoid":
                d = sigmoid_backward(d, z)
            else:
                d = tanh_backward(d, z)
        dx, dW, db = dense_backward(d, dense_cache)
        grads["W%d" % layer], grads["b%d" % layer] = dW, db
        d = dx
        layer -= 1
    return grads
