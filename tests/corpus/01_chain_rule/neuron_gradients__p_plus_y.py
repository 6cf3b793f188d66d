# expect: fail | dL/dp = 2 (p + y): the sign of y is wrong
# diagnosis: the target is subtracted
def neuron_gradients(w, b, x, y):
    """Gradients of neuron_loss by the chain rule."""
    z = w * x + b
    p = sigmoid(z)
    delta = 2.0 * (p + y) * sigmoid_derivative(z)
    return float(delta * x), float(delta)
