# expect: fail | converts both inputs to float64 first: right values, but float32 inputs give a float64 gradient
# diagnosis: keep the dtype
def mse_loss(pred, target):
    pred = np.asarray(pred, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    diff = pred - target
    return float((diff ** 2).mean()), 2 * diff / diff.size
