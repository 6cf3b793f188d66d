# expect: pass | loops over every element of flattened copies
def mse_loss(pred, target):
    flat_pred, flat_target = pred.reshape(-1), target.reshape(-1)
    n = flat_pred.shape[0]
    total = 0.0
    grad = np.empty_like(flat_pred)
    for i in range(n):
        d = flat_pred[i] - flat_target[i]
        total += d * d
        grad[i] = 2 * d / n
    return float(total / n), grad.reshape(pred.shape)
