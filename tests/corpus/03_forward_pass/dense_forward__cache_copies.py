# expect: fail | copies the inputs into the cache instead of keeping the arrays themselves
# diagnosis: not copies
def dense_forward(x, W, b):
    out = np.dot(x, W) + b
    cache = (x.copy(), W.copy(), b.copy())
    return out, cache
