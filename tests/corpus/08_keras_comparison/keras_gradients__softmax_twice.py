# expect: fail | softmax of the outputs, then a loss with from_logits=True
# diagnosis: the softmax was applied twice
def keras_gradients(model, X, y):
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    with tf.GradientTape() as tape:
        probs = tf.nn.softmax(model(X, training=True))
        loss = loss_fn(y, probs)
    grads = tape.gradient(loss, model.trainable_variables)
    return {f"{'Wb'[i % 2]}{i // 2 + 1}": np.asarray(g) for i, g in enumerate(grads)}
