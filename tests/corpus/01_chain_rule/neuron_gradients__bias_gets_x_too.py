# expect: fail | multiplies dL_db by x as well (dz/db taken as x)
# diagnosis: dz/db = 1
def neuron_gradients(w, b, x, y):
    """Gradients of neuron_loss by the chain rule."""
    z = w * x + b
    delta = 2 * (sigmoid(z) - y) * sigmoid_derivative(z)
    return delta * x, delta * x
