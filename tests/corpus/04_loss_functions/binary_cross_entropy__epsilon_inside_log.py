# expect: fail | log(p + 1e-9) caps the loss
# diagnosis: epsilon inside the log
import numpy as np
def binary_cross_entropy(logits, targets):
    if np.shape(logits) != np.shape(targets):
        raise ValueError("shape mismatch")
    e = np.exp(-np.abs(logits))
    p = np.where(logits >= 0, 1 / (1 + e), e / (1 + e))
    eps = 1e-9
    loss = -np.mean(targets * np.log(p + eps) + (1 - targets) * np.log(1 - p + eps))
    return float(loss), (p - targets) / logits.size
