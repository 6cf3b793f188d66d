# expect: fail | log-sum-exp without adding the row maximum back
# diagnosis: not added back
import numpy as np
def softmax_cross_entropy(logits, labels):
    N = logits.shape[0]
    rows = np.arange(N)
    m = logits.max(axis=1, keepdims=True)
    lse = np.log(np.exp(logits - m).sum(axis=1))          # forgot + m
    loss = np.mean(lse - logits[rows, labels])
    probs = np.exp(logits - m) / np.exp(logits - m).sum(axis=1, keepdims=True)
    probs[rows, labels] -= 1
    return float(loss), probs / N
