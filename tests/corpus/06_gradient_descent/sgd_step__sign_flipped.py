# expect: fail | steps up the gradient (p += lr * g)
# diagnosis: moved up the gradient
def sgd_step(params, grads, lr):
    for key in params:
        params[key] += lr * grads[key]
