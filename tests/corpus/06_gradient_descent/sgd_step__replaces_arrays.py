# expect: fail | replaces params[k] by a new array instead of updating it in place
# diagnosis: still holds its old values
def sgd_step(params, grads, lr):
    for key in params:
        params[key] = params[key] - lr * grads[key]
