# expect: fail | picks log sigmoid(z) or log sigmoid(-z) by target == 1: wrong for soft targets
# diagnosis: hard labels
def binary_cross_entropy(logits, targets):
    if logits.shape != targets.shape:
        raise ValueError("targets must have the logits' shape")
    signed = np.where(targets == 1, logits, -logits)
    loss = np.mean(np.logaddexp(0, -signed))
    e = np.exp(-np.abs(logits))
    p = np.where(logits >= 0, 1 / (1 + e), e / (1 + e))
    return float(loss), (p - targets) / logits.size
