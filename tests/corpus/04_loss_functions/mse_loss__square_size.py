# expect: pass | np.square and np.size, with the mean written as sum / size
def mse_loss(pred, target):
    diff = np.subtract(pred, target)
    n = np.size(diff)
    loss = np.square(diff).sum() / n
    return float(loss), (2.0 / n) * diff
