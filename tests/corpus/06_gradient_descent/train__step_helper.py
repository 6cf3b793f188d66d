# expect: pass | a nested one-batch step function and a running weighted sum
import numpy as np


def train(params, X, y, *, epochs, batch_size, lr, momentum=0.0, rng=None, X_val=None, y_val=None):
    velocity = zeros_like(params)

    def one_step(Xb, yb):
        scores, caches = mlp_forward(Xb, params)
        loss, dscores = softmax_cross_entropy(scores, yb)
        grads = mlp_backward(dscores, caches)
        if momentum > 0:
            momentum_step(params, grads, velocity, lr, momentum)
        else:
            sgd_step(params, grads, lr)
        return loss, np.count_nonzero(scores.argmax(axis=1) == yb)

    history = {"loss": [], "accuracy": []}
    if X_val is not None:
        history.update(val_loss=[], val_accuracy=[])
    for epoch in range(epochs):
        loss_sum = 0.0
        hits = 0
        for Xb, yb in iterate_minibatches(X, y, batch_size, rng):
            loss, correct = one_step(Xb, yb)
            loss_sum += loss * Xb.shape[0]
            hits += correct
        history["loss"].append(loss_sum / X.shape[0])
        history["accuracy"].append(hits / X.shape[0])
        if X_val is not None:
            val_scores, _ = mlp_forward(X_val, params)
            val_loss, _ = softmax_cross_entropy(val_scores, y_val)
            history["val_loss"].append(val_loss)
            history["val_accuracy"].append(np.count_nonzero(val_scores.argmax(axis=1) == y_val) / len(y_val))
    return history
