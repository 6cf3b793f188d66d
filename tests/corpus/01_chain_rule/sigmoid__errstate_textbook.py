# expect: pass | the textbook formula with the overflow warning silenced by np.errstate
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))[()]
