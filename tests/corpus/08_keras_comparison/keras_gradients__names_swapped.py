# expect: fail | pairs the gradients with the names in the wrong order (b before W)
# diagnosis: paired with the wrong gradients
def keras_gradients(model, X, y):
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(X))
    grads = tape.gradient(loss, model.trainable_variables)
    names = []
    for layer in range(1, len(grads) // 2 + 1):
        names += [f"b{layer}", f"W{layer}"]
    return dict(zip(names, (np.asarray(g) for g in grads)))
