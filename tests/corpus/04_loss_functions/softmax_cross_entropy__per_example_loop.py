# expect: pass | one example at a time, with a hand-written log-sum-exp
def softmax_cross_entropy(logits, labels):
    N, C = logits.shape
    dlogits = np.zeros_like(logits)
    total = 0.0
    for i in range(N):
        row = logits[i]
        m = row.max()
        lse = m + np.log(np.sum(np.exp(row - m)))
        total += lse - row[labels[i]]
        dlogits[i] = np.exp(row - lse)
        dlogits[i, labels[i]] -= 1
    return float(total / N), dlogits / N
