# expect: fail | caches the output instead of the input x
# diagnosis: not the output
def dense_forward(x, W, b):
    out = x @ W + b
    return out, (out, W, b)
