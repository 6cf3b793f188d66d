# expect: pass | textbook 1 / (1 + exp(-z)) with the harmless overflow silenced (exp -> inf gives 0)
def sigmoid_forward(z):
    with np.errstate(over="ignore"):
        a = 1 / (1 + np.exp(-z))
    return a, z
