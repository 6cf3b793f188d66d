# expect: fail | model.predict inside the tape: every gradient is None
# diagnosis: every gradient is None
def keras_gradients(model, X, y):
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    with tf.GradientTape() as tape:
        logits = model.predict(X, verbose=0)
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    return {f"{'Wb'[i % 2]}{i // 2 + 1}": np.asarray(g) for i, g in enumerate(grads)}
