# expect: fail | PyTorch's convention (v = m v + g; p -= lr v) instead of Keras's
# diagnosis: PyTorch's convention
def momentum_step(params, grads, velocity, lr, momentum):
    for key in params:
        velocity[key] *= momentum
        velocity[key] += grads[key]
        params[key] -= lr * velocity[key]
