# expect: pass | np.clip from below at 0 (keeps the dtype)
def relu_forward(z):
    return np.clip(z, 0, None), z
