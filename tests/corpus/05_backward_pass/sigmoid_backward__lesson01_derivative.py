# expect: pass | lesson 01's sigmoid_derivative from nn_lib (an earlier building block) times dout
from nn_lib import sigmoid_derivative


def sigmoid_backward(dout, cache):
    return dout * sigmoid_derivative(cache)
