# expect: pass | history of numpy float64 scalars (np.dot of sizes and batch values / N, np.mean), velocity only when momentum > 0
import numpy as np


def train(params, X, y, *, epochs, batch_size, lr, momentum=0.0, rng=None, X_val=None, y_val=None):
    history = {"loss": [], "accuracy": []}
    if X_val is not None:
        history["val_loss"] = []
        history["val_accuracy"] = []
    velocity = zeros_like(params) if momentum > 0 else None
    n = len(y)
    for epoch in range(epochs):
        sizes, losses, hits = [], [], []
        for Xb, yb in iterate_minibatches(X, y, batch_size, rng=rng):
            scores, caches = mlp_forward(Xb, params)
            loss, dscores = softmax_cross_entropy(scores, yb)
            grads = mlp_backward(dscores, caches)
            sizes.append(len(yb))
            losses.append(loss)
            hits.append(np.mean(scores.argmax(axis=1) == yb))
            if velocity is None:
                sgd_step(params, grads, lr)
            else:
                momentum_step(params, grads, velocity, lr, momentum)
        history["loss"].append(np.dot(sizes, losses) / n)
        history["accuracy"].append(np.dot(sizes, hits) / n)
        if X_val is not None:
            val_scores = mlp_forward(X_val, params)[0]
            history["val_loss"].append(np.float64(softmax_cross_entropy(val_scores, y_val)[0]))
            history["val_accuracy"].append(np.mean(val_scores.argmax(axis=1) == y_val))
    return history
