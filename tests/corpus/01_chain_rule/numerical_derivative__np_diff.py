# expect: pass | np.diff of the two values over np.diff of the two points, numpy float out
def numerical_derivative(f, x, h=1e-5):
    """Central-difference estimate of f'(x)."""
    points = [x - h, x + h]
    values = [f(p) for p in points]
    return np.diff(values)[0] / (2.0 * h)
