# expect: fail | 0.5 * (p - y)**2, the other common convention, not the one asked for
# diagnosis: without the 1/2
def neuron_loss(w, b, x, y):
    """Squared error of one sigmoid neuron."""
    return float(0.5 * (sigmoid(w * x + b) - y) ** 2)
