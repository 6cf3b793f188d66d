# expect: fail | dL/dp = (p - y): the factor 2 of the square's derivative is missing
# diagnosis: factor 2 of the square's derivative is missing
def neuron_gradients(w, b, x, y):
    """Gradients of neuron_loss by the chain rule."""
    z = w * x + b
    p = sigmoid(z)
    dL_dz = (p - y) * sigmoid_derivative(z)
    return float(dL_dz * x), float(dL_dz)
