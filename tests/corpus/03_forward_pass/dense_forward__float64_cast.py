# expect: fail | casts float32 inputs to float64 (dtype not kept); passes the visible float64 checks
# diagnosis: keep the dtype
def dense_forward(x, W, b):
    out = x.astype(float) @ W.astype(float) + b
    return out, (x, W, b)
