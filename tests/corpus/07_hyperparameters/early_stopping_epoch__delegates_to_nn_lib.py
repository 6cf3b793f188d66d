# expect: fail | a wrapper around nn_lib's own early_stopping_epoch
# diagnosis: hands back nn_lib's own implementation
import nn_lib as _library


def early_stopping_epoch(val_losses, patience):
    return _library.early_stopping_epoch(list(val_losses), patience)
