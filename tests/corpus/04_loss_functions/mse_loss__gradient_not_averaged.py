# expect: fail | averaged loss but the gradient is not divided by the number of elements
# diagnosis: not divided by the number of elements
def mse_loss(pred, target):
    diff = pred - target
    return float(np.mean(diff ** 2)), 2 * diff
