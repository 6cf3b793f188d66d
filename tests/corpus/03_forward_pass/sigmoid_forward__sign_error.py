# expect: fail | sign error: 1 / (1 + exp(z)) is sigmoid(-z)
# diagnosis: sign in the exponent is flipped
def sigmoid_forward(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(z)), z
