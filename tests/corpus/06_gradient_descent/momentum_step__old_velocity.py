# expect: fail | moves the parameters with the old velocity, then updates the velocity
def momentum_step(params, grads, velocity, lr, momentum):
    for key in params:
        params[key] += velocity[key]
        velocity[key] *= momentum
        velocity[key] -= lr * grads[key]
