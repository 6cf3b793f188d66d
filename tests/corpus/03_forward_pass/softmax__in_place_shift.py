# expect: fail | subtracts the row maximum in place (mutates the caller's logits)
# diagnosis: modified in place
def softmax(logits):
    logits -= logits.max(axis=1, keepdims=True)
    exps = np.exp(logits)
    return exps / exps.sum(axis=1, keepdims=True)
