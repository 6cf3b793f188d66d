# expect: pass | the mean of the forward and the backward difference (algebraically the central one)
def numerical_derivative(f, x, h=1e-5):
    """Central-difference estimate of f'(x)."""
    forward = (f(x + h) - f(x)) / h
    backward = (f(x) - f(x - h)) / h
    return 0.5 * (forward + backward)
