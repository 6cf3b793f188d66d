# expect: fail | column-vector convention W.T @ x.T without transposing back (shape (D_out, N))
# diagnosis: no transpose is needed
def dense_forward(x, W, b):
    out = W.T @ x.T + b
    return out, (x, W, b)
