# expect: pass | a persistent tape that watches a float32 tensor of X, then asks for each layer's kernel and bias separately
def keras_gradients(model, X, y):
    X = tf.constant(X, dtype=tf.float32)
    with tf.GradientTape(persistent=True) as tape:
        loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, model(X, training=True), from_logits=True))
    grads = {}
    for number, layer in enumerate(model.layers, start=1):
        d_kernel, d_bias = tape.gradient(loss, [layer.kernel, layer.bias])
        grads[f"W{number}"], grads[f"b{number}"] = np.array(d_kernel), np.array(d_bias)
    del tape
    return grads
