# expect: fail | stores the new velocity as a new array (velocity[k] = ...), not in place
# diagnosis: still holds its old values
def momentum_step(params, grads, velocity, lr, momentum):
    for key in params:
        velocity[key] = momentum * velocity[key] - lr * grads[key]
        params[key] += velocity[key]
