# expect: fail | returns a new dict of updated arrays and leaves params unchanged
# diagnosis: still holds its old values
def sgd_step(params, grads, lr):
    return {key: params[key] - lr * grads[key] for key in params}
