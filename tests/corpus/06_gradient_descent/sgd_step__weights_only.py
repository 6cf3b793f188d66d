# expect: fail | updates only the weight matrices and forgets the biases
# diagnosis: still holds its old values
def sgd_step(params, grads, lr):
    for key in params:
        if key.startswith("W"):
            params[key] -= lr * grads[key]
