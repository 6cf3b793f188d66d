# expect: fail | multiplies by (z > 0).astype(float): right values, but float32 inputs give a float64 gradient
# diagnosis: keep the dtype
def relu_backward(dout, cache):
    return dout * (cache > 0).astype(float)
