# expect: fail | scales the gradient in place (grads are changed) before subtracting it
# diagnosis: modified in place
def sgd_step(params, grads, lr):
    for key in params:
        g = grads[key]
        g *= lr
        params[key] -= g
