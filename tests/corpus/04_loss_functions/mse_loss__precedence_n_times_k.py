# expect: fail | 2 * diff / N * K: divides by N, then multiplies by K
# diagnosis: put parentheses around the number of elements
def mse_loss(pred, target):
    diff = pred - target
    N = pred.shape[0]
    K = pred.size // N
    return float(np.mean(diff ** 2)), 2 * diff / N * K
