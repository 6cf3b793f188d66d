"""nn_lib vs. Keras: time to train the same MLP with the same settings, as ratios from one run.

    .venv/bin/python bench/bench_nn_lib_vs_keras.py [--quick] [--threads N]

Prints (never asserts) three measurements (COURSE_SPEC §7):
1. digits, MLP 64-128-64-10, SGD(momentum=0.9), float32, batch 32, same epochs: time nn_lib / Keras
   (goal <= 0.1);
2. a wide MLP 784-1024-1024-10 on synthetic data, batch 1024: time nn_lib / Keras (goal <= 0.7);
3. one full nn_lib training step (forward, loss, backward, update) on the wide MLP, as a fraction
   of the bare ``X @ W`` matmul rate for the same FLOPs (goal >= 80%).

nn_lib is timed two ways: ``nn_lib.train`` (the readable chain of lesson functions,
mlp_forward -> softmax_cross_entropy -> mlp_backward -> momentum_step per batch) and
``Sequential.fit`` (which runs the fused step of ``nn_lib.fast`` for this network); the goals are
for the fast path, the chain's ratios show what the readable version costs.

All three start from the same weights and zero velocities, shuffle every epoch and print nothing
while training; the two nn_lib runs shuffle with the same seed, so they are the same run (their
final losses agree), while Keras shuffles with its own generator.
Keras runs ``model.fit`` (``jit_compile`` left at Keras's default, which is reported); each side is
warmed up with one epoch first, so the times compare steady-state training, not TensorFlow's
tracing (which is reported separately). Each time is the best of five repeats, alternating the
two sides, because other processes on the machine add noise. The BLAS overrides this machine sets are removed for this
process only, and the BLAS kernel is printed.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _blas import blas_description, clean_blas_environment  # noqa: E402

clean_blas_environment()  # before numpy loads OpenBLAS
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import nn_lib  # noqa: E402
from nn_lib import data  # noqa: E402
from nn_lib.fast import fused_step_for  # noqa: E402
from nn_lib.models import SGD, Dense, Sequential, SparseCategoricalCrossentropy  # noqa: E402

DTYPE = np.float32
LEARNING_RATE = 0.01
MOMENTUM = 0.9


def best_time(function, repeats):
    """Smallest wall time of ``repeats`` calls (noise from other processes only ever adds time)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def nn_lib_model(sizes, seed=0):
    layers = [Dense(sizes[1], "relu", input_dim=sizes[0])]
    layers += [Dense(units, "relu") for units in sizes[2:-1]] + [Dense(sizes[-1])]
    model = Sequential(layers, seed=seed, dtype=DTYPE)
    model.compile(loss=SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=SGD(learning_rate=LEARNING_RATE, momentum=MOMENTUM), metrics=["accuracy"])
    return model


def keras_model(sizes, weights):
    import keras

    model = nn_lib.build_keras_model(sizes)
    model.set_weights(weights)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE, momentum=MOMENTUM),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


def compare(name, sizes, X, y, epochs, batch_size, repeats):
    """Train all three from the same weights; return (train seconds, fit seconds, Keras seconds)."""
    ours = nn_lib_model(sizes)
    initial = ours.get_weights()
    theirs = keras_model(sizes, initial)
    params = {key: value.copy() for key, value in ours.params.items()}      # for nn_lib.train

    ours.fit(X, y, epochs=1, batch_size=batch_size, verbose=0, seed=1)               # warm-up
    start = time.perf_counter()
    theirs.fit(X, y, epochs=1, batch_size=batch_size, verbose=0, shuffle=True)        # traces
    keras_first = time.perf_counter() - start

    def run_train():
        for key, value in zip(params, initial):
            params[key][...] = value
        run_train.history = nn_lib.train(params, X, y, epochs=epochs, batch_size=batch_size, lr=LEARNING_RATE,
                                         momentum=MOMENTUM, rng=np.random.default_rng(1))

    # Each run starts afresh: the same weights and zero velocities (an optimiser keeps its state
    # between fit calls, in nn_lib as in Keras), so the three runs are the same run.
    def run_fit():
        ours.set_weights(initial)
        ours.optimizer = SGD(learning_rate=LEARNING_RATE, momentum=MOMENTUM)
        run_fit.history = ours.fit(X, y, epochs=epochs, batch_size=batch_size, verbose=0, seed=1).history

    def run_keras():
        theirs.set_weights(initial)
        for variable in theirs.optimizer.momentums:
            variable.assign(np.zeros(variable.shape, variable.dtype))
        run_keras.history = theirs.fit(X, y, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=True).history

    # Interleaved repeats, so that all sides see the same background load; best of each.
    times = {run: float("inf") for run in (run_train, run_fit, run_keras)}
    for _ in range(repeats):
        for run in times:
            times[run] = min(times[run], best_time(run, 1))
    steps = epochs * -(-len(X) // batch_size)
    print(f"\n[{name}] MLP {'-'.join(map(str, sizes))}, N={len(X)}, batch {batch_size}, {epochs} epochs "
          f"({steps} steps), SGD(lr={LEARNING_RATE}, momentum={MOMENTUM}), float32")
    for label, run in (("nn_lib.train (chain)  ", run_train), ("nn_lib Sequential.fit ", run_fit),
                       ("Keras model.fit       ", run_keras)):
        print(f"  {label}: {times[run]:8.3f} s  ({times[run] / steps * 1e6:9.1f} us/step)  "
              f"final loss {run.history['loss'][-1]:.4f}, accuracy {run.history['accuracy'][-1]:.4f}")
    print(f"  (Keras: first 1-epoch fit incl. tracing {keras_first:.2f} s; jit_compile={theirs.jit_compile})")
    return times[run_train], times[run_fit], times[run_keras]


def step_throughput(sizes, batch_size, rounds):
    """A full training step's FLOP rate as a fraction of the bare matmul rate for the same FLOPs.

    One step, one bare pass of plain ``X @ W`` products (forward shapes, scaled to the step's
    FLOPs) and one bare pass of exactly the step's products (``X @ W``, ``x.T @ g`` for dW,
    ``g @ W.T`` for dx) are timed in turn, ``rounds`` times; the best of each is kept, so that all
    three are compared at the machine's quietest moments.
    """
    rng = np.random.default_rng(0)
    X = rng.standard_normal((batch_size, sizes[0])).astype(DTYPE)
    y = rng.integers(0, sizes[-1], batch_size)
    model = nn_lib_model(sizes)
    model.train_on_batch(X, y)

    pairs = list(zip(sizes[:-1], sizes[1:]))
    forward = sum(2 * batch_size * a * b for a, b in pairs)
    # Backward: dW for every layer, dx for every layer but the first (nobody needs dX).
    flops = forward + forward + sum(2 * batch_size * a * b for a, b in pairs[1:])

    inputs = [rng.standard_normal((batch_size, a)).astype(DTYPE) for a, _ in pairs]
    weights = [rng.standard_normal((a, b)).astype(DTYPE) for a, b in pairs]
    grads_out = [rng.standard_normal((batch_size, b)).astype(DTYPE) for _, b in pairs]

    def plain():
        for x, W in zip(inputs, weights):
            x @ W

    def step_products():
        plain()
        for x, g in zip(inputs, grads_out):
            x.T @ g
        for g, W in list(zip(grads_out, weights))[1:]:
            g @ W.T

    fused = fused_step_for(model, X, batch_size)    # what fit() runs for this network
    params = {key: value.copy() for key, value in model.params.items()}
    velocity = nn_lib.zeros_like(params)

    def chain():                                    # one batch of nn_lib.train
        scores, caches = nn_lib.mlp_forward(X, params)
        _, dscores = nn_lib.softmax_cross_entropy(scores, y)
        nn_lib.momentum_step(params, nn_lib.mlp_backward(dscores, caches), velocity, LEARNING_RATE, MOMENTUM)

    times = dict.fromkeys(["step", "chain", "layered", "plain", "products"], float("inf"))
    for _ in range(rounds):
        times["step"] = min(times["step"], best_time(lambda: fused.run(X, y), 1))
        times["chain"] = min(times["chain"], best_time(chain, 1))
        times["layered"] = min(times["layered"], best_time(lambda: model.train_on_batch(X, y), 1))
        times["plain"] = min(times["plain"], best_time(plain, 1))
        times["products"] = min(times["products"], best_time(step_products, 1))
    return flops, times, forward / times["plain"], flops / times["products"]


def best_single_steps(sizes, X, y, rounds):
    """Best time of one training step on one batch, nn_lib (``fit``'s step) and Keras
    (``train_on_batch``, the same compiled step ``fit`` runs), alternated ``rounds`` times.

    On a busy machine the best of many short steps is a steadier estimate of what each side can
    do than the best of a few whole runs.
    """
    ours = nn_lib_model(sizes)
    theirs = keras_model(sizes, ours.get_weights())
    step = fused_step_for(ours, X, len(X))
    theirs.train_on_batch(X, y)                                    # traces
    best_ours = best_theirs = float("inf")
    for _ in range(rounds):
        best_ours = min(best_ours, best_time(lambda: step.run(X, y), 1))
        best_theirs = min(best_theirs, best_time(lambda: theirs.train_on_batch(X, y), 1))
    return best_ours, best_theirs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer epochs and repeats (a smoke run)")
    parser.add_argument("--threads", type=int, default=None,
                        help="limit both numpy's BLAS and TensorFlow to this many threads "
                             "(default: each library's own default, all cores)")
    args = parser.parse_args()
    repeats = 1 if args.quick else 5

    import keras
    import tensorflow as tf

    if args.threads:
        from threadpoolctl import threadpool_limits

        main.blas_limit = threadpool_limits(limits=args.threads, user_api="blas")  # kept for the run
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)       # before any TF op
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)

    print("BLAS:", blas_description().replace("\n", "\n      "))
    print(f"load average before starting: {' '.join(f'{v:.2f}' for v in os.getloadavg())} "
          "(other processes slow both sides and make ratios noisy)")
    print(f"numpy {np.__version__}, TensorFlow {tf.__version__}, Keras {keras.__version__}, "
          f"{os.cpu_count()} CPUs; TF threads intra={tf.config.threading.get_intra_op_parallelism_threads()} "
          f"inter={tf.config.threading.get_inter_op_parallelism_threads()} (0 = TF's default)")

    X_train, y_train, *_ = data.load_digits(seed=0, dtype=DTYPE)
    small = [64, 128, 64, 10]
    small_epochs = 3 if args.quick else 20
    t1_train, t1_fit, t1_keras = compare("digits, batch 32", small, X_train, y_train, small_epochs, 32, repeats)

    wide = [784, 1024, 1024, 10]
    rng = np.random.default_rng(0)
    n_wide = 4096 if args.quick else 8192
    X_wide = rng.standard_normal((n_wide, 784)).astype(DTYPE)
    y_wide = rng.integers(0, 10, n_wide)
    wide_epochs = 1 if args.quick else 3
    t2_train, t2_fit, t2_keras = compare("wide, batch 1024", wide, X_wide, y_wide, wide_epochs, 1024, repeats)
    rounds = 3 if args.quick else 20
    s2_ours, s2_theirs = best_single_steps(wide, X_wide[:1024], y_wide[:1024], rounds=rounds)
    print(f"  best single step of {rounds}: nn_lib fused {s2_ours * 1e3:.1f} ms, "
          f"Keras train_on_batch {s2_theirs * 1e3:.1f} ms")

    flops, times, plain_rate, products_rate = step_throughput(wide, 1024, rounds=3 if args.quick else 30)
    rate = {key: flops / seconds for key, seconds in times.items() if key in ("step", "chain", "layered")}
    print(f"\n[training step] MLP {'-'.join(map(str, wide))}, batch 1024: {flops / 1e9:.2f} GFLOP per step "
          "(forward, dW for every layer, dx for all but the first)")
    for key, label in (("step", "fused (nn_lib.fast, as in fit)    "),
                       ("chain", "chain of lesson functions (train)"),
                       ("layered", "layer by layer (train_on_batch)  ")):
        print(f"  nn_lib step, {label}: {times[key] * 1e3:7.2f} ms = {rate[key] / 1e9:6.1f} GFLOP/s")
    print(f"  bare X @ W (forward shapes):                    {flops / plain_rate * 1e3:7.2f} ms = "
          f"{plain_rate / 1e9:6.1f} GFLOP/s")
    print(f"  bare step products (X@W, x.T@g, g@W.T):         {flops / products_rate * 1e3:7.2f} ms = "
          f"{products_rate / 1e9:6.1f} GFLOP/s")

    print("\nSummary (ratios measured in this run; goals from COURSE_SPEC §7 / the issue):")
    print("                                      Sequential.fit (fast path)    nn_lib.train (chain)")
    print(f"  time nn_lib/Keras, digits batch 32:  {t1_fit / t1_keras:6.3f}   (goal <= 0.1)          "
          f"{t1_train / t1_keras:6.3f}")
    print(f"  time nn_lib/Keras, wide batch 1024:  {t2_fit / t2_keras:6.3f}   (goal <= 0.7)          "
          f"{t2_train / t2_keras:6.3f}   [best single steps, fused: {s2_ours / s2_theirs:.3f}]")
    print(f"  training step / bare X @ W rate:     {rate['step'] / plain_rate:6.1%}   (goal >= 80%)          "
          f"{rate['chain'] / plain_rate:6.1%}   [fused vs. the step's own products: "
          f"{rate['step'] / products_rate:.1%}; layer by layer: {rate['layered'] / plain_rate:.1%}]")

if __name__ == "__main__":
    main()
