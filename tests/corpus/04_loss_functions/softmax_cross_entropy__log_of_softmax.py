# expect: fail | stable softmax, then log of the probability: log(0) = -inf when confidently wrong
# diagnosis: log of 0
def softmax_cross_entropy(logits, labels):
    N = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        loss = -np.mean(np.log(probs[np.arange(N), labels]))
    dlogits = probs.copy()
    dlogits[np.arange(N), labels] -= 1
    return float(loss), dlogits / N
