# expect: pass | returns a 0-d numpy array from np.square(np.asarray(...)): a number (COURSE_SPEC §8)
def neuron_loss(w, b, x, y):
    """Squared error of one sigmoid neuron."""
    return np.square(np.asarray(sigmoid(w * x + b) - y))
