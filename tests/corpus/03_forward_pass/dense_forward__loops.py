# expect: pass | explicit loops over examples and output units
def dense_forward(x, W, b):
    N, D_in = x.shape
    D_out = W.shape[1]
    out = np.zeros((N, D_out), dtype=np.result_type(x, W, b))
    for i in range(N):
        for j in range(D_out):
            total = b[j]
            for k in range(D_in):
                total = total + x[i, k] * W[k, j]
            out[i, j] = total
    return out, (x, W, b)
