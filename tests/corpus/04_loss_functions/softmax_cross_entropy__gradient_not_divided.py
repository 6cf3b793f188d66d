# expect: fail | averaged loss but the gradient is not divided by N
# diagnosis: not divided by N
def softmax_cross_entropy(logits, labels):
    N = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    log_probs = shifted - log_norm
    loss = -np.mean(log_probs[np.arange(N), labels])
    dlogits = np.exp(log_probs)
    dlogits[np.arange(N), labels] -= 1
    return float(loss), dlogits
