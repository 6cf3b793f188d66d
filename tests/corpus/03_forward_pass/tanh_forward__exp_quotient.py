# expect: fail | textbook quotient of exponentials: inf / inf = nan for large |z|
# diagnosis: numerically unstable
def tanh_forward(z):
    with np.errstate(over="ignore", invalid="ignore"):
        a = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    return a, z
