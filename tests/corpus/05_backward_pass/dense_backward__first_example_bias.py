# expect: fail | db taken from the first example only (right only when N = 1)
# diagnosis: first example's row of dout only
def dense_backward(dout, cache):
    x, W, b = cache
    return dout @ W.T, x.T @ dout, dout[0].copy()
