# expect: pass | returns a tuple of 0-d arrays; local derivatives in a dict
def neuron_gradients(w, b, x, y):
    """Gradients of neuron_loss by the chain rule."""
    z = w * x + b
    dL_dz = np.asarray(2.0 * (sigmoid(z) - y) * sigmoid_derivative(z))
    local = {"w": x, "b": 1}
    return tuple(np.asarray(dL_dz * local[name]) for name in ("w", "b"))
