# expect: fail | db not summed over the batch (db = dout)
# diagnosis: not summed over the batch
def dense_backward(dout, cache):
    x, W, b = cache
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout
    return dx, dW, db
