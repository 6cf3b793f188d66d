# expect: pass | its own sigmoid with math.exp (fine for the numbers a neuron sees)
import math


def neuron_loss(w, b, x, y):
    """Squared error of one sigmoid neuron."""
    p = 1.0 / (1.0 + math.exp(-(w * x + b)))
    return (p - y) ** 2
