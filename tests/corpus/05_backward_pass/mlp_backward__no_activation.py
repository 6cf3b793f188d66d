# expect: fail | skips the activation backward (treats the network as linear)
# diagnosis: no activation backward was applied
def mlp_backward(dscores, caches, activation="relu"):
    grads = {}
    upstream = dscores
    for layer in range(len(caches), 0, -1):
        dense_cache, _ = caches[layer - 1]
        upstream, grads[f"W{layer}"], grads[f"b{layer}"] = dense_backward(upstream, dense_cache)
    return grads
