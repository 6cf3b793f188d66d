# expect: fail | 0.5 * (1 + tanh(z)) is sigmoid(2z)
# diagnosis: the identity uses half the input
import numpy as np
def sigmoid_forward(z):
    return 0.5 * (1 + np.tanh(z)), z     # forgot z / 2: this is sigmoid(2z)
