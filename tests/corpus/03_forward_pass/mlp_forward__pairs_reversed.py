# expect: fail | stores each pair as (activation_cache, dense_cache)
# diagnosis: in that order
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
            a, activation_cache = z, None
        caches.append((activation_cache, dense_cache))
    return a, caches
