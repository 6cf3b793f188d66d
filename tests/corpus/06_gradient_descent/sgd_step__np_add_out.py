# expect: pass | np.add with out= and a negated step, looping over the items of params
import numpy as np


def sgd_step(params, grads, lr):
    for key, p in params.items():
        step = -lr * np.asarray(grads[key])
        np.add(p, step, out=p, casting="same_kind")
