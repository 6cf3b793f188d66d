# expect: fail | a float64 one-hot from np.eye(C): right values, but float32 logits give a float64 gradient
# diagnosis: keep the dtype
def softmax_cross_entropy(logits, labels):
    N, C = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    onehot = np.eye(C)[labels]
    loss = -np.sum(onehot * log_probs) / N
    return float(loss), (np.exp(log_probs) - onehot) / N
