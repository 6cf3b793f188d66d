# expect: fail | softmax without the max shift: overflow gives nan for large logits
# diagnosis: without subtracting the maximum
def softmax_cross_entropy(logits, labels):
    N = logits.shape[0]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        exps = np.exp(logits)
        probs = exps / exps.sum(axis=1, keepdims=True)
        loss = -np.mean(np.log(probs[np.arange(N), labels]))
    dlogits = probs.copy()
    dlogits[np.arange(N), labels] -= 1
    return float(loss), dlogits / N
