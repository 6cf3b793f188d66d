# expect: pass | log-softmax with np.take_along_axis and a one-hot built with np.eye in the logits' dtype
def softmax_cross_entropy(logits, labels):
    N, C = logits.shape
    log_probs = logits - logits.max(axis=1, keepdims=True)
    log_probs = log_probs - np.log(np.sum(np.exp(log_probs), axis=1, keepdims=True))
    picked = np.take_along_axis(log_probs, labels[:, None], axis=1)
    onehot = np.eye(C, dtype=logits.dtype)[labels]
    return -float(picked.mean()), (np.exp(log_probs) - onehot) / N
