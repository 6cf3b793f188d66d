# expect: pass | np.tensordot over the shared axis, then the bias
def dense_forward(x, W, b):
    out = np.tensordot(x, W, axes=([1], [0])) + b
    return out, (x, W, b)
