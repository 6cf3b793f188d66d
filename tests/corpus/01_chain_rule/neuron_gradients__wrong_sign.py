# expect: fail | dL/dp = 2 (y - p): the sign is flipped (this would climb the loss)
# diagnosis: wrong sign
def neuron_gradients(w, b, x, y):
    """Gradients of neuron_loss by the chain rule."""
    z = w * x + b
    p = sigmoid(z)
    dL_dz = 2 * (y - p) * sigmoid_derivative(z)
    return float(dL_dz * x), float(dL_dz)
