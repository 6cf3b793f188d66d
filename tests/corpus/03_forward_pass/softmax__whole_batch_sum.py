# expect: fail | divides by the sum over the whole batch (np.sum without an axis)
# diagnosis: whole batch sums to 1
def softmax(logits):
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exps / np.sum(exps)
