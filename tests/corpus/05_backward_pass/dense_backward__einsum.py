# expect: pass | einsum formulation with explicit index names
import numpy as np


def dense_backward(dout, cache):
    x, W, b = cache
    dx = np.einsum("nj,ij->ni", dout, W)
    dW = np.einsum("ni,nj->ij", x, dout)
    db = np.einsum("nj->j", dout)
    return dx, dW, db
