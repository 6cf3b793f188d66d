# expect: pass | the two evaluations named, the difference converted with float() before dividing by 2.0 * h
def numerical_derivative(f, x, h=1e-5):
    """Central-difference estimate of f'(x)."""
    f_plus = f(x + h)
    f_minus = f(x - h)
    rise = float(f_plus - f_minus)
    return rise / (2.0 * h)
