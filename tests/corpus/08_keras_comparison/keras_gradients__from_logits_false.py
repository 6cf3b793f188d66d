# expect: fail | uses the loss's default from_logits=False, treating the logits as probabilities
# diagnosis: from_logits=False
def keras_gradients(model, X, y):
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(X))
    grads = tape.gradient(loss, model.trainable_variables)
    return {f"{'Wb'[i % 2]}{i // 2 + 1}": np.asarray(g) for i, g in enumerate(grads)}
