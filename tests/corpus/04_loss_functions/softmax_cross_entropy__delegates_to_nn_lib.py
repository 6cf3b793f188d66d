# expect: fail | hands back nn_lib's softmax_cross_entropy through importlib
# diagnosis: nn_lib's own implementation
import importlib


def softmax_cross_entropy(logits, labels):
    return importlib.import_module("nn_lib.losses").softmax_cross_entropy(logits, labels)
