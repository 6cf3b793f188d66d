# expect: pass | the loss as a 0-d array from np.dot of the flattened difference; the gradient from 2.0 / size times diff
def mse_loss(pred, target):
    diff = np.subtract(pred, target)
    flat = diff.ravel()
    loss = np.asarray(np.dot(flat, flat) / flat.size)
    return loss, (2.0 / diff.size) * diff
