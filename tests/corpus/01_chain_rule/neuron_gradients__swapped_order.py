# expect: fail | returns (dL_db, dL_dw), the two gradients in the wrong order
# diagnosis: wrong order
def neuron_gradients(w, b, x, y):
    """Gradients of neuron_loss by the chain rule."""
    z = w * x + b
    p = sigmoid(z)
    dL_dz = 2 * (p - y) * sigmoid_derivative(z)
    return float(dL_dz), float(dL_dz * x)
