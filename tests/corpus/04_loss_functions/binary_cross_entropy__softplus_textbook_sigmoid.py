# expect: pass | loss as mean(log(1 + e^z) - t z) via np.logaddexp; gradient with the textbook sigmoid, which warns at -1000 but stays exact
def binary_cross_entropy(logits, targets):
    if logits.shape != targets.shape:
        raise ValueError(f"logits {logits.shape} and targets {targets.shape} differ")
    loss = np.mean(np.logaddexp(0, logits) - targets * logits)
    probs = 1 / (1 + np.exp(-logits))
    return float(loss), (probs - targets) / logits.size
