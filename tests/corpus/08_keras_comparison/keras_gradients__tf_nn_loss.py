# expect: pass | writes the loss with tf.nn.sparse_softmax_cross_entropy_with_logits and reduce_mean, per layer
def keras_gradients(model, X, y):
    X = tf.convert_to_tensor(X, dtype=tf.float32)
    labels = tf.convert_to_tensor(y, dtype=tf.int64)
    variables = []
    for layer in model.layers:
        variables += [layer.kernel, layer.bias]
    with tf.GradientTape() as tape:
        logits = model(X)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    grads = tape.gradient(loss, variables)
    out = {}
    for index in range(len(model.layers)):
        out[f"W{index + 1}"] = grads[2 * index].numpy()
        out[f"b{index + 1}"] = grads[2 * index + 1].numpy()
    return out
