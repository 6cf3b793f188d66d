# expect: pass | a list [dL_dw, dL_db] from a comprehension over dz/dw and dz/db
def neuron_gradients(w, b, x, y):
    """Gradients of neuron_loss by the chain rule."""
    z = w * x + b
    delta = 2 * (sigmoid(z) - y) * sigmoid_derivative(z)
    return [delta * local for local in (x, 1.0)]
