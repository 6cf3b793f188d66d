# expect: fail | clips the probabilities to [1e-7, 1 - 1e-7] (Keras style): wrong loss for large logits
# diagnosis: clipped
def binary_cross_entropy(logits, targets):
    if logits.shape != targets.shape:
        raise ValueError("targets must have the logits' shape")
    with np.errstate(over="ignore"):
        p = 1 / (1 + np.exp(-logits))
    q = np.clip(p, 1e-7, 1 - 1e-7)
    loss = -np.mean(targets * np.log(q) + (1 - targets) * np.log(1 - q))
    return float(loss), (p - targets) / logits.size
