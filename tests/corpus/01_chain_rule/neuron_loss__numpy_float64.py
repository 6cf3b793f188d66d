# expect: pass | returns a numpy float64 rather than a Python float (COURSE_SPEC §8: both are numbers)
def neuron_loss(w, b, x, y):
    """Squared error of one sigmoid neuron."""
    return np.float64((sigmoid(w * x + b) - y) ** 2)
