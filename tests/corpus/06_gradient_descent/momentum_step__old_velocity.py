# expect: fail | moves the parameters with the old velocity, then updates the velocity
# diagnosis: velocity from before this step
def momentum_step(params, grads, velocity, lr, momentum):
    for key in params:
        params[key] += velocity[key]
        velocity[key] *= momentum
        velocity[key] -= lr * grads[key]
