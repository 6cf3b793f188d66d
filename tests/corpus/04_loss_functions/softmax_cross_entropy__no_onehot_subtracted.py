# expect: fail | the gradient is the softmax over N: the one-hot of the labels is never subtracted
# diagnosis: one-hot of the labels was not subtracted
def softmax_cross_entropy(logits, labels):
    N = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -np.mean(log_probs[np.arange(N), labels])
    return float(loss), np.exp(log_probs) / N
