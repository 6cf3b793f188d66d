# expect: fail | puts the activation on every Dense layer, the last one included (no longer logits)
# diagnosis: the last Dense applies the activation too
def build_keras_model(layer_sizes, activation="relu"):
    model = keras.Sequential([keras.Input((layer_sizes[0],))])
    for units in layer_sizes[1:]:
        model.add(keras.layers.Dense(units, activation=activation))
    return model
