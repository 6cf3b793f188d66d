# expect: fail | fit without batch_size (Keras's default 32)
# diagnosis: batch_size was not passed
def compile_and_fit(model, X, y, *, epochs, batch_size, lr, momentum=0.0):
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr, momentum=momentum),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model.fit(X, y, epochs=epochs, shuffle=False, verbose=0)
