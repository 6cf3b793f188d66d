# expect: fail | forgets the sigmoid: squares w*x + b - y
# diagnosis: the sigmoid is missing
def neuron_loss(w, b, x, y):
    """Squared error of one sigmoid neuron."""
    return float((w * x + b - y) ** 2)
