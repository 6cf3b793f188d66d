# expect: fail | loss summed over the batch instead of averaged (gradient averaged)
# diagnosis: summed over the batch
def softmax_cross_entropy(logits, labels):
    N = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -np.sum(log_probs[np.arange(N), labels])
    dlogits = np.exp(log_probs)
    dlogits[np.arange(N), labels] -= 1
    return float(loss), dlogits / N
