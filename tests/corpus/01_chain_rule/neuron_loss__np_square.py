# expect: pass | np.square on the difference, converted to float
def neuron_loss(w, b, x, y):
    """Squared error of one sigmoid neuron."""
    return float(np.square(sigmoid(b + x * w) - y))
