# expect: fail | sums the loss over the batch instead of averaging (gradients N times too large)
# diagnosis: the mean over the batch was dropped
def keras_gradients(model, X, y):
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="sum")
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(X))
    grads = tape.gradient(loss, model.trainable_variables)
    return {f"{'Wb'[i % 2]}{i // 2 + 1}": np.asarray(g) for i, g in enumerate(grads)}
