# expect: pass | each gradient written as one expression of the chain rule
def neuron_gradients(w, b, x, y):
    """Gradients of neuron_loss by the chain rule."""
    dL_dw = 2 * (sigmoid(w * x + b) - y) * sigmoid_derivative(w * x + b) * x
    dL_db = 2 * (sigmoid(w * x + b) - y) * sigmoid_derivative(w * x + b)
    return float(dL_dw), float(dL_db)
