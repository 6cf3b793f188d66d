# expect: fail | adds the bias after the sigmoid: (sigmoid(w*x) + b - y)**2
# diagnosis: bias was added after the sigmoid
def neuron_loss(w, b, x, y):
    """Squared error of one sigmoid neuron."""
    return float((sigmoid(w * x) + b - y) ** 2)
