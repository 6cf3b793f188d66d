# expect: pass | works on the transpose so that (N,) row statistics broadcast, then transposes back
def softmax(logits):
    shifted = logits.T - logits.max(axis=1)
    exps = np.exp(shifted)
    return (exps / exps.sum(axis=0)).T
