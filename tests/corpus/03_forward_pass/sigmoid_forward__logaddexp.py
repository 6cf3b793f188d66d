# expect: pass | exp(-log(1 + exp(-z))) with np.logaddexp(0, -z), which never overflows
def sigmoid_forward(z):
    a = np.exp(-np.logaddexp(0, -z))
    return a, z
