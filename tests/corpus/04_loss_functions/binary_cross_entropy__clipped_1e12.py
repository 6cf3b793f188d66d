# expect: fail | probabilities clipped to [1e-12, 1 - 1e-12]
# diagnosis: the probabilities were clipped
import numpy as np
def binary_cross_entropy(logits, targets):
    if logits.shape != targets.shape:
        raise ValueError("shape mismatch")
    e = np.exp(-np.abs(logits))
    p = np.where(logits >= 0, 1 / (1 + e), e / (1 + e))
    q = np.clip(p, 1e-12, 1 - 1e-12)
    loss = -np.mean(targets * np.log(q) + (1 - targets) * np.log(1 - q))
    return float(loss), (p - targets) / logits.size
