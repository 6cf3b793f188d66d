# expect: pass | while loop over the keys present, the activation chosen with if/elif
def mlp_forward(X, params, activation="relu"):
    caches = []
    out = X
    layer = 1
    while f"W{layer}" in params:
        out, dense_cache = dense_forward(out, params[f"W{layer}"], params[f"b{layer}"])
        if f"W{layer + 1}" not in params:
            caches.append((dense_cache, None))
            break
        if activation == "relu":
            out, act_cache = relu_forward(out)
        elif activation == "sigmoid":
            out, act_cache = sigmoid_forward(out)
        else:
            out, act_cache = tanh_forward(out)
        caches.append((dense_cache, act_cache))
        layer += 1
    return out, caches
