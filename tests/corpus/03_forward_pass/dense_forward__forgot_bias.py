# expect: fail | forgot to add the bias
def dense_forward(x, W, b):
    out = x @ W
    return out, (x, W, b)
