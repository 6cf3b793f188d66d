# expect: pass | every default spelled out: nesterov=False, reduction="sum_over_batch_size", keyword x=/y=, float() casts
def compile_and_fit(model, X, y, *, epochs, batch_size, lr, momentum=0.0):
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=float(lr), momentum=float(momentum), nesterov=False),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="sum_over_batch_size"),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
    )
    return model.fit(x=X, y=y, epochs=int(epochs), batch_size=int(batch_size), shuffle=False, verbose=0)
