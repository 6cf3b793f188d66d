# expect: pass | scipy's expit (stable, keeps float32)
def sigmoid_forward(z):
    from scipy.special import expit
    return expit(z), z
