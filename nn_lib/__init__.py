"""nn_lib: the course's reference implementation of everything the lessons build.

Every graded function of the course is importable from here (``from nn_lib import dense_backward``).
Submodules, one idea each: activations, calculus (lesson 01), engine (scalar autodiff), layers,
losses, gradient_check, optim, training, hyperparameters, data, plotting (imported on use) and
keras_bridge (imports TensorFlow only when called). The Keras-like object API keeps its pieces
where Keras does: layer objects in layers, loss objects in losses, SGD and Adam in optim, metrics,
progress (what ``fit(verbose=...)`` prints) and models (``Sequential``, ``History``); fast holds
the fused training step ``Sequential.fit`` uses for a plain ReLU MLP (internal).
"""

from .activations import sigmoid, sigmoid_derivative, relu_forward, relu_backward, sigmoid_forward, sigmoid_backward, tanh_forward, tanh_backward, softmax
from .calculus import numerical_derivative, neuron_loss, neuron_gradients
from .layers import dense_forward, dense_backward, init_params, mlp_forward, mlp_backward, zeros_like
from .losses import mse_loss, binary_cross_entropy, softmax_cross_entropy
from .gradient_check import numerical_gradient, relative_error
from .optim import sgd_step, momentum_step
from .training import iterate_minibatches, train, accuracy
from .hyperparameters import has_diverged, best_learning_rate, early_stopping_epoch
from .keras_bridge import build_keras_model, params_to_keras, keras_gradients, compile_and_fit
from .engine import Value
from . import data

from .keras_bridge import keras_to_params
from .models import (Sequential, Input, Dense, ReLU, Sigmoid, Tanh, Softmax, SGD, Adam, History,
                     SparseCategoricalCrossentropy, BinaryCrossentropy, MeanSquaredError)

__all__ = ['sigmoid', 'sigmoid_derivative', 'relu_forward', 'relu_backward', 'sigmoid_forward', 'sigmoid_backward', 'tanh_forward', 'tanh_backward', 'softmax', 'numerical_derivative', 'neuron_loss', 'neuron_gradients', 'dense_forward', 'dense_backward', 'init_params', 'mlp_forward', 'mlp_backward', 'zeros_like', 'mse_loss', 'binary_cross_entropy', 'softmax_cross_entropy', 'numerical_gradient', 'relative_error', 'sgd_step', 'momentum_step', 'iterate_minibatches', 'train', 'accuracy', 'has_diverged', 'best_learning_rate', 'early_stopping_epoch', 'build_keras_model', 'params_to_keras', 'keras_gradients', 'compile_and_fit', 'Value', 'data', 'keras_to_params',
           'Sequential', 'Input', 'Dense', 'ReLU', 'Sigmoid', 'Tanh', 'Softmax', 'SGD', 'Adam',
           'History', 'SparseCategoricalCrossentropy', 'BinaryCrossentropy', 'MeanSquaredError']
