# expect: fail | the history holds the last batch's loss and accuracy
# diagnosis: the last batch's value
import numpy as np
def train(params, X, y, *, epochs, batch_size, lr, momentum=0.0, rng=None, X_val=None, y_val=None):
    history = {"loss": [], "accuracy": []}
    if X_val is not None:
        history["val_loss"], history["val_accuracy"] = [], []
    velocity = zeros_like(params)
    for epoch in range(epochs):
        total, correct = 0.0, 0
        for Xb, yb in iterate_minibatches(X, y, batch_size, rng):
            scores, caches = mlp_forward(Xb, params)
            loss, dscores = softmax_cross_entropy(scores, yb)
            grads = mlp_backward(dscores, caches)
            if momentum == 0:
                sgd_step(params, grads, lr)
            else:
                momentum_step(params, grads, velocity, lr, momentum)
            last_loss, last_acc = loss, float(np.mean(scores.argmax(axis=1) == yb))
        history["loss"].append(last_loss)
        history["accuracy"].append(last_acc)
        if X_val is not None:
            s, _ = mlp_forward(X_val, params)
            history["val_loss"].append(softmax_cross_entropy(s, y_val)[0])
            history["val_accuracy"].append(float(np.mean(s.argmax(axis=1) == y_val)))
    return history
