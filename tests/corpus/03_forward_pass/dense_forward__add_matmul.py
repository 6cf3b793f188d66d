# expect: pass | np.add of np.matmul and the bias, the cache built as a tuple without parentheses
def dense_forward(x, W, b):
    out = np.add(np.matmul(x, W), b)
    cache = x, W, b
    return out, cache
