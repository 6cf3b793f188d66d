# expect: fail | the new velocity forgets the old one (v = -lr * g): momentum never accumulates
# diagnosis: forgot its previous value
def momentum_step(params, grads, velocity, lr, momentum):
    for key in params:
        velocity[key][...] = -lr * grads[key]
        params[key] += velocity[key]
