# expect: fail | returns the numpy scalar from np.mean instead of a Python float
def mse_loss(pred, target):
    diff = pred - target
    return np.mean(diff ** 2), 2 * diff / diff.size
