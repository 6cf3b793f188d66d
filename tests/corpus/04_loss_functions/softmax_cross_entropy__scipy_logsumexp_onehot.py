# expect: pass | scipy's logsumexp and a float64 one-hot matrix (float32 logits give a float64 gradient by numpy's promotion)
from scipy.special import logsumexp, softmax as scipy_softmax


def softmax_cross_entropy(logits, labels):
    N, C = logits.shape
    onehot = np.zeros((N, C))
    onehot[np.arange(N), labels] = 1.0
    loss = np.mean(logsumexp(logits, axis=1) - np.sum(onehot * logits, axis=1))
    return float(loss), (scipy_softmax(logits, axis=1) - onehot) / N
