# expect: fail | keeps the activation's output a as the activation cache instead of its cache z
# diagnosis: holds the layer's output a
def mlp_forward(X, params, activation="relu"):
    forward = {"relu": relu_forward, "sigmoid": sigmoid_forward, "tanh": tanh_forward}[activation]
    L = len(params) // 2
    a = X
    caches = []
    for l in range(1, L + 1):
        z, dense_cache = dense_forward(a, params[f"W{l}"], params[f"b{l}"])
        if l < L:
            a, _ = forward(z)
            caches.append((dense_cache, a))
        else:
            a = z
            caches.append((dense_cache, None))
    return a, caches
