# expect: fail | subtracts the maximum of the whole batch: rows far below it underflow to 0/0
def softmax(logits):
    with np.errstate(invalid="ignore"):
        exps = np.exp(logits - np.max(logits))
        return exps / exps.sum(axis=1, keepdims=True)
