# expect: fail | softmax normalised over the batch (axis 0) instead of over the classes
# diagnosis: normalised over the batch (axis 0)
def softmax_cross_entropy(logits, labels):
    N = logits.shape[0]
    shifted = logits - logits.max(axis=0, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    loss = -np.mean(log_probs[np.arange(N), labels])
    dlogits = np.exp(log_probs)
    dlogits[np.arange(N), labels] -= 1
    return float(loss), dlogits / N
