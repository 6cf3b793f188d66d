# expect: pass | looks the activation up by name in globals(), zips the weight and bias keys
def mlp_forward(X, params, activation="relu"):
    L = len(params) // 2
    act = globals()[activation + "_forward"]
    caches = []
    h = X
    for l, (wk, bk) in enumerate(zip([f"W{i}" for i in range(1, L + 1)], [f"b{i}" for i in range(1, L + 1)]), 1):
        z, dc = dense_forward(h, params[wk], params[bk])
        ac = None
        if l != L:
            z, ac = act(z)
        caches.append((dc, ac))
        h = z
    return h, caches
