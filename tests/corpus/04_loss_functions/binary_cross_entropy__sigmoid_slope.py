# expect: fail | the MSE-style chain rule: multiplies (sigmoid(z) - t) by the sigmoid's slope
# diagnosis: multiplied by the sigmoid's slope
def binary_cross_entropy(logits, targets):
    if logits.shape != targets.shape:
        raise ValueError("targets must have the logits' shape")
    loss = np.mean(np.maximum(logits, 0) - logits * targets + np.log1p(np.exp(-np.abs(logits))))
    e = np.exp(-np.abs(logits))
    p = np.where(logits >= 0, 1 / (1 + e), e / (1 + e))
    return float(loss), (p - targets) * p * (1 - p) / logits.size
