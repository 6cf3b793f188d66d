# expect: pass | np.subtract with out= writes into the existing arrays
import numpy as np


def sgd_step(params, grads, lr):
    for key, p in params.items():
        np.subtract(p, lr * np.asarray(grads[key]), out=p, casting="same_kind")
