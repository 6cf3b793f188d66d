# expect: fail | log(sigmoid(z)) and log(1 - sigmoid(z)) literally: log(0) for large |z|
# diagnosis: log of 0
def binary_cross_entropy(logits, targets):
    if logits.shape != targets.shape:
        raise ValueError("targets must have the logits' shape")
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        p = 1 / (1 + np.exp(-logits))
        loss = -np.mean(targets * np.log(p) + (1 - targets) * np.log(1 - p))
    return float(loss), (p - targets) / logits.size
