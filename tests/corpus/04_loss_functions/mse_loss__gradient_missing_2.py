# expect: fail | gradient without the factor 2 from the square
def mse_loss(pred, target):
    diff = pred - target
    return float(np.mean(diff ** 2)), diff / diff.size
