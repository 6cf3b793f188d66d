# expect: pass | a GradientTape over model.trainable_weights, gradients turned into numpy with .numpy() in a loop over the layers (issue 9: scored 0 with status error in a class run under load)
def keras_gradients(model, X, y):
    loss_object = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    with tf.GradientTape() as tape:
        logits = model(X)
        loss_value = loss_object(y, logits)
    gradients = tape.gradient(loss_value, model.trainable_weights)
    result = {}
    layer_number = 1
    for i in range(0, len(gradients), 2):
        result["W" + str(layer_number)] = gradients[i].numpy()
        result["b" + str(layer_number)] = gradients[i + 1].numpy()
        layer_number += 1
    return result
