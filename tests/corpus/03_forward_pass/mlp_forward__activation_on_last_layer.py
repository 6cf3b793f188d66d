# expect: fail | applies the activation after the last layer too (scores are not linear)
# diagnosis: applied to the last layer too
def mlp_forward(X, params, activation="relu"):
    forward = {"relu": relu_forward, "sigmoid": sigmoid_forward, "tanh": tanh_forward}[activation]
    L = len(params) // 2
    a = X
    caches = []
    for l in range(1, L + 1):
        z, dense_cache = dense_forward(a, params[f"W{l}"], params[f"b{l}"])
        a, activation_cache = forward(z)
        caches.append((dense_cache, activation_cache if l < L else None))
    return a, caches
