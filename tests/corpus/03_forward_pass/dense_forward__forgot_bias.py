# expect: fail | forgot to add the bias
# diagnosis: bias b was not added
def dense_forward(x, W, b):
    out = x @ W
    return out, (x, W, b)
