# expect: fail | subtracts the maximum of the whole batch: rows far below it underflow to 0/0
# diagnosis: maximum of the whole batch was subtracted
def softmax(logits):
    with np.errstate(invalid="ignore"):
        exps = np.exp(logits - np.max(logits))
        return exps / exps.sum(axis=1, keepdims=True)
