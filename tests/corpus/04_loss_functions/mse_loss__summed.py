# expect: fail | loss and gradient summed instead of averaged
# diagnosis: summed
def mse_loss(pred, target):
    diff = pred - target
    return float(np.sum(diff ** 2)), 2 * diff
