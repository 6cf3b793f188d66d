# expect: fail | x @ W.T + b: only works when W is square (D_in == D_out)
# diagnosis: no transpose is needed
def dense_forward(x, W, b):
    out = x @ W.T + b
    return out, (x, W, b)
