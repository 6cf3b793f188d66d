# expect: fail | caches the output instead of the input x
def dense_forward(x, W, b):
    out = x @ W + b
    return out, (out, W, b)
