# expect: fail | computes the new velocity in a local variable and never stores it
# diagnosis: still holds its old values
def momentum_step(params, grads, velocity, lr, momentum):
    for key in params:
        v = momentum * velocity[key] - lr * grads[key]
        params[key] += v
