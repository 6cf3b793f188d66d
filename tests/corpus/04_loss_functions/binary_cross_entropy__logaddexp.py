# expect: pass | softplus form with np.logaddexp; gradient from 0.5 * (1 + tanh(z / 2))
def binary_cross_entropy(logits, targets):
    if np.shape(logits) != np.shape(targets):
        raise ValueError(f"shape mismatch: logits {np.shape(logits)}, targets {np.shape(targets)}")
    per_element = targets * np.logaddexp(0, -logits) + (1 - targets) * np.logaddexp(0, logits)
    sigma = 0.5 * (1 + np.tanh(0.5 * logits))
    return float(np.mean(per_element)), (sigma - targets) / np.size(logits)
