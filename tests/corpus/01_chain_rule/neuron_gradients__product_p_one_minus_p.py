# expect: pass | uses p * (1 - p) for the sigmoid's derivative instead of calling sigmoid_derivative
def neuron_gradients(w, b, x, y):
    """Gradients of neuron_loss by the chain rule."""
    p = sigmoid(w * x + b)
    delta = 2.0 * (p - y) * p * (1.0 - p)
    return (float(x * delta), float(delta))
