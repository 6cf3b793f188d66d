# expect: fail | the log-sum-exp sums over the whole batch (no axis) instead of each row's classes
# diagnosis: runs over the whole batch
def softmax_cross_entropy(logits, labels):
    N = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted)))
    loss = -np.mean(log_probs[np.arange(N), labels])
    dlogits = np.exp(log_probs)
    dlogits[np.arange(N), labels] -= 1
    return float(loss), dlogits / N
