# expect: pass | one row at a time
def softmax(logits):
    probs = np.empty_like(logits)
    for i in range(logits.shape[0]):
        exps = np.exp(logits[i] - np.max(logits[i]))
        probs[i] = exps / np.sum(exps)
    return probs
