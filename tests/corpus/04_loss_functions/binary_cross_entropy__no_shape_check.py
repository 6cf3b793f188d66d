# expect: fail | no shape check: (N, 1) logits with (N,) targets silently broadcast to (N, N)
# diagnosis: should raise ValueError
def binary_cross_entropy(logits, targets):
    loss = np.mean(np.maximum(logits, 0) - logits * targets + np.log1p(np.exp(-np.abs(logits))))
    e = np.exp(-np.abs(logits))
    p = np.where(logits >= 0, 1 / (1 + e), e / (1 + e))
    return float(loss), (p - targets) / logits.size
