# expect: pass | reversed enumerate over the caches with globals() lookup of the backward function
def mlp_backward(dscores, caches, activation="relu"):
    grads = {}
    d = dscores
    for layer, (dense_cache, activation_cache) in reversed(list(enumerate(caches, start=1))):
        if activation_cache is not None:
            d = globals()[activation + "_backward"](d, activation_cache)
        d, dW, db = dense_backward(d, dense_cache)
        grads["b" + str(layer)] = db
        grads["W" + str(layer)] = dW
    return grads
