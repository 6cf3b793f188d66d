# expect: pass | (y - p)**2 is the same square
def neuron_loss(w, b, x, y):
    """Squared error of one sigmoid neuron."""
    error = y - sigmoid(w * x + b)
    return float(error * error)
