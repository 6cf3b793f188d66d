# expect: fail | gradient without the factor 2 from the square
# diagnosis: factor 2 from the derivative of the square is missing
def mse_loss(pred, target):
    diff = pred - target
    return float(np.mean(diff ** 2)), diff / diff.size
