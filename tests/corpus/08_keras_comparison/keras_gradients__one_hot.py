# expect: pass | one-hot labels with CategoricalCrossentropy(from_logits=True): the same loss
def keras_gradients(model, X, y):
    n_classes = model.layers[-1].units
    targets = tf.one_hot(y, n_classes)
    with tf.GradientTape() as tape:
        loss = keras.losses.CategoricalCrossentropy(from_logits=True)(targets, model(X))
    grads = tape.gradient(loss, model.trainable_weights)
    keys = [f"{kind}{i}" for i in range(1, len(model.layers) + 1) for kind in ("W", "b")]
    return {key: np.array(g) for key, g in zip(keys, grads)}
