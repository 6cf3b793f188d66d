# expect: fail | the mean absolute error with its sign gradient instead of the squared error
# diagnosis: mean absolute error
def mse_loss(pred, target):
    diff = pred - target
    return float(np.mean(np.abs(diff))), np.sign(diff) / diff.size
