# expect: pass | sigmoid(z) = (1 + tanh(z / 2)) / 2, stable through np.tanh
def sigmoid_forward(z):
    return 0.5 * (1 + np.tanh(0.5 * z)), z
