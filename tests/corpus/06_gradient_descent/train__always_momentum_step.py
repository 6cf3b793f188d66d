# expect: pass | always uses momentum_step (momentum 0 gives exactly the plain SGD step); weighted means via np.average
import numpy as np


def train(params, X, y, *, epochs, batch_size, lr, momentum=0.0, rng=None, X_val=None, y_val=None):
    validate = X_val is not None
    history = {key: [] for key in (["loss", "accuracy"] + (["val_loss", "val_accuracy"] if validate else []))}
    velocity = {key: np.zeros_like(value) for key, value in params.items()}
    for _ in range(epochs):
        losses, accuracies, sizes = [], [], []
        for Xb, yb in iterate_minibatches(X, y, batch_size, rng=rng):
            scores, caches = mlp_forward(Xb, params, activation="relu")
            loss, dscores = softmax_cross_entropy(scores, yb)
            losses.append(loss)
            accuracies.append(np.mean(np.argmax(scores, axis=1) == yb))
            sizes.append(len(yb))
            momentum_step(params, mlp_backward(dscores, caches, activation="relu"), velocity, lr, momentum)
        history["loss"].append(float(np.average(losses, weights=sizes)))
        history["accuracy"].append(float(np.average(accuracies, weights=sizes)))
        if validate:
            val_scores = mlp_forward(X_val, params)[0]
            history["val_loss"].append(float(softmax_cross_entropy(val_scores, y_val)[0]))
            history["val_accuracy"].append(float(np.mean(np.argmax(val_scores, axis=1) == y_val)))
    return history
