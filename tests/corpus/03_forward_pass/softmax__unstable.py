# expect: fail | no maximum subtracted: nan for logits around 1000
# diagnosis: without subtracting the maximum
def softmax(logits):
    with np.errstate(over="ignore", invalid="ignore"):
        exps = np.exp(logits)
        return exps / exps.sum(axis=1, keepdims=True)
