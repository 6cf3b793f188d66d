# expect: pass | sigmoid(z) * sigmoid(-z), since 1 - sigmoid(z) = sigmoid(-z)
def sigmoid_derivative(z):
    """Derivative of the sigmoid, element-wise."""
    return sigmoid(z) * sigmoid(-np.asarray(z))
