# expect: fail | chains the dense layers without applying any activation (a linear network)
# diagnosis: no activation was applied after the hidden layers
def mlp_forward(X, params, activation="relu"):
    L = len(params) // 2
    a = X
    caches = []
    for l in range(1, L + 1):
        a, dense_cache = dense_forward(a, params[f"W{l}"], params[f"b{l}"])
        caches.append((dense_cache, None))
    return a, caches
