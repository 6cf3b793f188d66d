# expect: pass | 1 - 2 / (exp(2z) + 1): exp overflows to inf for large z (a warning), the result is still exact
def tanh_forward(z):
    a = 1 - 2 / (np.exp(2 * z) + 1)
    return a, z
