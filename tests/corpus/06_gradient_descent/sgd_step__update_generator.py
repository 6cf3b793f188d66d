# expect: pass | a generator of (array, gradient) pairs consumed by a for loop; p -= np.multiply(lr, g)
import numpy as np


def sgd_step(params, grads, lr):
    pairs = ((params[key], grads[key]) for key in sorted(params))
    for p, g in pairs:
        p -= np.multiply(lr, g)
