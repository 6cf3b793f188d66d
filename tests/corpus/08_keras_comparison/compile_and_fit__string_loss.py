# expect: fail | the string loss "sparse_categorical_crossentropy" has from_logits=False
# diagnosis: treats the outputs as probabilities
def compile_and_fit(model, X, y, *, epochs, batch_size, lr, momentum=0.0):
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr, momentum=momentum),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model.fit(X, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0)
