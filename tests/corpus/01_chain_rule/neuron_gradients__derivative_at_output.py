# expect: fail | sigmoid_derivative(p) instead of sigmoid_derivative(z): the derivative at the output
# diagnosis: taken at its output p
def neuron_gradients(w, b, x, y):
    """Gradients of neuron_loss by the chain rule."""
    z = w * x + b
    p = sigmoid(z)
    dL_dz = 2 * (p - y) * sigmoid_derivative(p)
    return float(dL_dz * x), float(dL_dz)
