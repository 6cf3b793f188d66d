# expect: pass | 0.25 * sech(z/2)**2 via cosh: cosh overflows to inf at |z| = 1000 (warning), 0.25 / inf = 0 exactly
def sigmoid_derivative(z):
    """Derivative of the sigmoid, element-wise."""
    return 0.25 / np.cosh(np.asarray(z, dtype=float) / 2.0) ** 2
