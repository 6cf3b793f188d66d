# expect: pass | converts both inputs to float64 arrays first (numpy's promotion: float32 in, float64 gradient out)
def mse_loss(pred, target):
    pred = np.asarray(pred, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    diff = pred - target
    return float((diff ** 2).mean()), 2 * diff / diff.size
