# expect: pass | scipy's logsumexp and softmax, and a one-hot matrix in the logits' dtype
from scipy.special import logsumexp, softmax as scipy_softmax


def softmax_cross_entropy(logits, labels):
    N, C = logits.shape
    onehot = np.zeros((N, C), dtype=logits.dtype)
    onehot[np.arange(N), labels] = 1.0
    loss = np.mean(logsumexp(logits, axis=1) - np.sum(onehot * logits, axis=1))
    return float(loss), (scipy_softmax(logits, axis=1) - onehot) / N
