# expect: pass | returns the numpy float64 from np.mean as the loss (issue 10: scored 0/2 before; COURSE_SPEC §8)
def mse_loss(pred, target):
    diff = pred - target
    return np.mean(diff ** 2), 2 * diff / diff.size
