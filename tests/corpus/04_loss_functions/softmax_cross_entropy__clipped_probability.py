# expect: fail | log(clip(p, 1e-12, 1))
# diagnosis: the probability was clipped
import numpy as np
def softmax_cross_entropy(logits, labels):
    N = logits.shape[0]
    rows = np.arange(N)
    shifted = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(np.clip(probs[rows, labels], 1e-12, 1.0)))    # avoid log(0)
    d = probs.copy()
    d[rows, labels] -= 1
    return float(loss), d / N
