# expect: fail | compiles without metrics=["accuracy"], so History has no accuracy
# diagnosis: pass metrics=['accuracy']
def compile_and_fit(model, X, y, *, epochs, batch_size, lr, momentum=0.0):
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr, momentum=momentum),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model.fit(X, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0)
