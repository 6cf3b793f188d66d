# expect: fail | dL/dw without the factor dz/dw = x
# diagnosis: factor dz/dw = x is missing
def neuron_gradients(w, b, x, y):
    """Gradients of neuron_loss by the chain rule."""
    z = w * x + b
    p = sigmoid(z)
    dL_dz = 2 * (p - y) * sigmoid_derivative(z)
    return float(dL_dz), float(dL_dz)
