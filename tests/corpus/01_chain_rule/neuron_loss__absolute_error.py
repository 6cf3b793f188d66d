# expect: fail | absolute error |p - y| instead of the squared error
# diagnosis: absolute error
def neuron_loss(w, b, x, y):
    """Squared error of one sigmoid neuron."""
    return float(abs(sigmoid(w * x + b) - y))
