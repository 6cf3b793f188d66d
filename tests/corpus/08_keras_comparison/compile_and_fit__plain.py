# expect: pass | a plain version (issue 9: scored 0 with status error in a class run under load): positional SGD arguments, the History kept in a variable
def compile_and_fit(model, X, y, *, epochs, batch_size, lr, momentum=0.0):
    optimizer = keras.optimizers.SGD(lr, momentum)
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(optimizer=optimizer, loss=loss, metrics=["accuracy"])
    history = model.fit(X, y, batch_size=batch_size, epochs=epochs, shuffle=False, verbose=0)
    return history
