# expect: fail | binary cross-entropy instead of the squared error asked for
# diagnosis: that is the cross-entropy
def neuron_loss(w, b, x, y):
    """Squared error of one sigmoid neuron."""
    p = sigmoid(w * x + b)
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)))
