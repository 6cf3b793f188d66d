# expect: fail | logits[:, labels] picks an (N, N) block instead of one entry per row
# diagnosis: N x N block
def softmax_cross_entropy(logits, labels):
    N = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -np.mean(log_probs[:, labels])
    onehot = np.zeros_like(logits)
    onehot[np.arange(N), labels] = 1
    return float(loss), (np.exp(log_probs) - onehot) / N
