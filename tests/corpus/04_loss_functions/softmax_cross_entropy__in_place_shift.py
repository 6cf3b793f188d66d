# expect: fail | shifts the logits in place (mutates the caller's array)
# diagnosis: modified in place
def softmax_cross_entropy(logits, labels):
    N = logits.shape[0]
    logits -= logits.max(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    loss = -np.mean(log_probs[np.arange(N), labels])
    dlogits = np.exp(log_probs)
    dlogits[np.arange(N), labels] -= 1
    return float(loss), dlogits / N
