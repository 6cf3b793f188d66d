# expect: pass | einsum, with the bias added through an explicit row vector
def dense_forward(x, W, b):
    out = np.einsum("nd,dk->nk", x, W) + b[np.newaxis, :]
    return out, (x, W, b)
