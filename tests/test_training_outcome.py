"""Training outcome: nn_lib learns the digits to >= 97% test accuracy within 30 epochs, reproducibly.

Recipe: MLP 64-256-10 (ReLU, He initialisation), SGD with learning rate 0.01 and momentum 0.9,
batch 32, 30 epochs, shuffled every epoch; data split seed 0, weight / shuffling seed 2.

Margin (measured when this test was written): at seed 2 the network gets 354 of the 359 test
digits right (98.6%); 97% needs 349, so the margin is 5 digits (1.6 points). The recipe is not
tuned to the seed: seeds 0-5 give 350-354 correct (97.5%-98.6%), all above the bar.
"""

import numpy as np
import pytest

from nn_lib import data, init_params, mlp_forward, train
from nn_lib.models import SGD, Sequential, SparseCategoricalCrossentropy

SIZES = [64, 256, 10]
SEED = 2
EPOCHS, BATCH_SIZE, LEARNING_RATE, MOMENTUM = 30, 32, 0.01, 0.9


@pytest.fixture(scope="module")
def digits():
    return data.load_digits(seed=0)


def run_train(digits):
    params = init_params(SIZES, np.random.default_rng(SEED))
    history = train(params, digits.X_train, digits.y_train, epochs=EPOCHS, batch_size=BATCH_SIZE,
                    lr=LEARNING_RATE, momentum=MOMENTUM, rng=np.random.default_rng(SEED),
                    X_val=digits.X_val, y_val=digits.y_val)
    return params, history


def test_train_reaches_97_percent_test_accuracy_deterministically(digits):
    params, history = run_train(digits)
    scores, _ = mlp_forward(digits.X_test, params)
    correct = int(np.sum(scores.argmax(axis=1) == digits.y_test))
    assert correct / len(digits.y_test) >= 0.97, f"{correct}/{len(digits.y_test)} test digits right"
    assert history["val_accuracy"][-1] >= 0.95
    assert len(history["loss"]) == EPOCHS and history["loss"][-1] < 0.05

    again_params, again_history = run_train(digits)            # bit for bit, same seed
    assert again_history == history
    assert all(np.array_equal(again_params[k], params[k]) for k in params)


def test_sequential_fit_follows_the_same_run(digits):
    params, history = run_train(digits)
    model = Sequential.from_params(init_params(SIZES, np.random.default_rng(SEED)))
    model.compile(loss=SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=SGD(learning_rate=LEARNING_RATE, momentum=MOMENTUM), metrics=["accuracy"])
    fit = model.fit(digits.X_train, digits.y_train, epochs=EPOCHS, batch_size=BATCH_SIZE,
                    validation_data=(digits.X_val, digits.y_val), seed=np.random.default_rng(SEED), verbose=0)
    for key in history:
        np.testing.assert_allclose(fit.history[key], history[key], rtol=1e-9, err_msg=key)
    test_loss, test_accuracy = model.evaluate(digits.X_test, digits.y_test)
    assert test_accuracy >= 0.97


def test_float32_training_reaches_the_same_accuracy(digits):
    digits32 = data.load_digits(seed=0, dtype=np.float32)
    model = Sequential.from_params({k: v.astype(np.float32)
                                    for k, v in init_params(SIZES, np.random.default_rng(SEED)).items()})
    model.compile(loss=SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=SGD(learning_rate=LEARNING_RATE, momentum=MOMENTUM), metrics=["accuracy"])
    model.fit(digits32.X_train, digits32.y_train, epochs=EPOCHS, batch_size=BATCH_SIZE,
              seed=np.random.default_rng(SEED), verbose=0)
    assert model.params["W1"].dtype == np.float32
    assert model.evaluate(digits32.X_test, digits32.y_test)[1] >= 0.97
