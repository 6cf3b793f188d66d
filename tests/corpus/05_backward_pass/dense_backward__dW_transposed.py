# expect: fail | dW transposed (dout.T @ x instead of x.T @ dout)
# diagnosis: transposed
def dense_backward(dout, cache):
    x, W, b = cache
    dx = dout @ W.T
    dW = dout.T @ x
    db = dout.sum(axis=0)
    return dx, dW, db
