# expect: fail | row sums without keepdims broadcast along the wrong axis
# diagnosis: keepdims
def softmax(logits):
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1)
