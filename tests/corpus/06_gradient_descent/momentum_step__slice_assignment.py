# expect: pass | slice assignment into the existing velocity and parameter arrays
def momentum_step(params, grads, velocity, lr, momentum):
    for key, p in params.items():
        v = velocity[key]
        v[...] = momentum * v - lr * grads[key]
        p[...] = p + v
