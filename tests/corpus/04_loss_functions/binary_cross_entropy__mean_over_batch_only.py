# expect: fail | divides by the batch size N only, not by every element
# diagnosis: divided by the number of rows
def binary_cross_entropy(logits, targets):
    if logits.shape != targets.shape:
        raise ValueError("targets must have the logits' shape")
    N = logits.shape[0]
    per_element = np.maximum(logits, 0) - logits * targets + np.log1p(np.exp(-np.abs(logits)))
    e = np.exp(-np.abs(logits))
    p = np.where(logits >= 0, 1 / (1 + e), e / (1 + e))
    return float(per_element.sum() / N), (p - targets) / N
