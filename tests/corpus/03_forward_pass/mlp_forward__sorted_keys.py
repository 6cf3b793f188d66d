# expect: fail | visits the layers in sorted key order, so W10 comes before W2
# diagnosis: sorted key order
def mlp_forward(X, params, activation="relu"):
    forward = {"relu": relu_forward, "sigmoid": sigmoid_forward, "tanh": tanh_forward}[activation]
    weight_keys = sorted(key for key in params if key.startswith("W"))
    a = X
    caches = []
    for i, key in enumerate(weight_keys):
        z, dense_cache = dense_forward(a, params[key], params["b" + key[1:]])
        if i < len(weight_keys) - 1:
            a, activation_cache = forward(z)
        else:
            a, activation_cache = z, None
        caches.append((dense_cache, activation_cache))
    return a, caches
