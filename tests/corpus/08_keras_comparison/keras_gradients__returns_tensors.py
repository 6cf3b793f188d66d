# expect: fail | returns TensorFlow tensors instead of numpy arrays
# diagnosis: expected a numpy array
def keras_gradients(model, X, y):
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(X))
    grads = tape.gradient(loss, model.trainable_variables)
    return {f"{'Wb'[i % 2]}{i // 2 + 1}": g for i, g in enumerate(grads)}
