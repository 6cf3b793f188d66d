# expect: fail | velocity with the opposite sign (v = m v + lr g; p -= v): same path, wrong velocity
# diagnosis: opposite sign
def momentum_step(params, grads, velocity, lr, momentum):
    for key in params:
        velocity[key] *= momentum
        velocity[key] += lr * grads[key]
        params[key] -= velocity[key]
