# expect: fail | keeps the last layer's z as its activation cache instead of None
# diagnosis: it has no activation cache
def mlp_forward(X, params, activation="relu"):
    forward = {"relu": relu_forward, "sigmoid": sigmoid_forward, "tanh": tanh_forward}[activation]
    L = len(params) // 2
    a = X
    caches = []
    for l in range(1, L + 1):
        z, dense_cache = dense_forward(a, params[f"W{l}"], params[f"b{l}"])
        if l < L:
            a, activation_cache = forward(z)
        else:
            a, activation_cache = z, z
        caches.append((dense_cache, activation_cache))
    return a, caches
