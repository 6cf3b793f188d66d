# expect: fail | divides by the batch size N instead of the number of elements N*K
# diagnosis: divided by the number of rows
def mse_loss(pred, target):
    N = pred.shape[0]
    diff = pred - target
    return float(np.sum(diff ** 2) / N), 2 * diff / N
