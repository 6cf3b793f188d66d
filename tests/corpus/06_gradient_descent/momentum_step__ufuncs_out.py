# expect: pass | numpy ufuncs with out= (multiply, subtract, add) write into the existing arrays
import numpy as np


def momentum_step(params, grads, velocity, lr, momentum):
    for key in params:
        v, p = velocity[key], params[key]
        np.multiply(v, momentum, out=v)
        np.subtract(v, lr * np.asarray(grads[key]), out=v, casting="same_kind")
        np.add(p, v, out=p)
