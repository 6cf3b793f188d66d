# expect: fail | dL/dz = 2 (p - y): forgets the sigmoid's slope dp/dz
# diagnosis: slope is missing
def neuron_gradients(w, b, x, y):
    """Gradients of neuron_loss by the chain rule."""
    p = sigmoid(w * x + b)
    return 2 * (p - y) * x, 2 * (p - y)
