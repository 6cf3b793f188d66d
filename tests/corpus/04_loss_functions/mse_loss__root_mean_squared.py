# expect: fail | sqrt of the mean squared error
# diagnosis: root of the mean squared error
import numpy as np
def mse_loss(pred, target):
    diff = pred - target
    rmse = np.sqrt(np.mean(diff ** 2))
    return float(rmse), diff / (diff.size * rmse)
