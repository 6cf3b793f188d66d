# expect: fail | ignores the activation argument and always uses ReLU
# diagnosis: activation argument ('tanh') was ignored
def mlp_forward(X, params, activation="relu"):
    L = len(params) // 2
    a = X
    caches = []
    for l in range(1, L + 1):
        z, dense_cache = dense_forward(a, params[f"W{l}"], params[f"b{l}"])
        if l < L:
            a, activation_cache = relu_forward(z)
        else:
            a, activation_cache = z, None
        caches.append((dense_cache, activation_cache))
    return a, caches
