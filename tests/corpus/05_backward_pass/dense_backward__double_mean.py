# expect: fail | divides dW and db by N again although dout already holds the batch mean
# diagnosis: divided by n once too often
def dense_backward(dout, cache):
    x, W, b = cache
    N = x.shape[0]
    dx = dout @ W.T
    dW = x.T @ dout / N
    db = dout.mean(axis=0)
    return dx, dW, db
