# expect: fail | uses a fixed step 1e-5 and ignores the h it is given
# diagnosis: use the argument h
def numerical_derivative(f, x, h=1e-5):
    """Central-difference estimate of f'(x)."""
    step = 1e-5
    return (f(x + step) - f(x - step)) / (2 * step)
