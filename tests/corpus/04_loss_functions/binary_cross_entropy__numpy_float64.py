# expect: pass | the stable formula, returning the numpy float64 from np.mean (issue 10: scored 0/3 before)
def binary_cross_entropy(logits, targets):
    if np.shape(logits) != np.shape(targets):
        raise ValueError("targets must have the logits' shape")
    loss = np.mean(np.maximum(logits, 0) - logits * targets + np.log1p(np.exp(-np.abs(logits))))
    e = np.exp(-np.abs(logits))
    probs = np.where(logits >= 0, 1 / (1 + e), e / (1 + e))
    return loss, (probs - targets) / logits.size
