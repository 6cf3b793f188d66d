# expect: fail | sinh(z) / cosh(z): inf / inf = nan for large |z|
# diagnosis: numerically unstable
def tanh_forward(z):
    with np.errstate(over="ignore", invalid="ignore"):
        return np.sinh(z) / np.cosh(z), z
