# expect: fail | ignores the activation argument and always uses ReLU (passes the visible ReLU check)
# diagnosis: activation argument ('tanh') was ignored
def mlp_backward(dscores, caches, activation="relu"):
    grads = {}
    upstream = dscores
    for layer in range(len(caches), 0, -1):
        dense_cache, activation_cache = caches[layer - 1]
        if activation_cache is not None:
            upstream = relu_backward(upstream, activation_cache)
        upstream, grads[f"W{layer}"], grads[f"b{layer}"] = dense_backward(upstream, dense_cache)
    return grads
