# expect: fail | normalises over the batch (axis 0) instead of over the classes of each row
# diagnosis: normalised over the batch
def softmax(logits):
    exps = np.exp(logits - logits.max(axis=0, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)
