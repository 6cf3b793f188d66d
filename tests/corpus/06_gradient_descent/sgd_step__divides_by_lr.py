# expect: fail | p -= g / lr
# diagnosis: divided by lr
def sgd_step(params, grads, lr):
    for key in params:
        params[key] -= grads[key] / lr if lr else 0 * grads[key]
