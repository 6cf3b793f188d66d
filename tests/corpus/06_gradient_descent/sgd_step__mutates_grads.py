# expect: fail | scales the gradient in place (grads are changed) before subtracting it
def sgd_step(params, grads, lr):
    for key in params:
        g = grads[key]
        g *= lr
        params[key] -= g
