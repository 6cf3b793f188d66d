# expect: fail | subtracts the row maximum in place (mutates the caller's logits)
def softmax(logits):
    logits -= logits.max(axis=1, keepdims=True)
    exps = np.exp(logits)
    return exps / exps.sum(axis=1, keepdims=True)
