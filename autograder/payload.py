"""Values in check records: encoded in the kernel as plain JSON, decoded in the grader.

A check record carries the value the student's code produced (and, in the grader's reference
run, the expected value). Encoding accepts only data: real numpy arrays (``.npy`` bytes, no
pickles), Python and numpy numbers, strings, booleans, ``None`` and lists, tuples and dicts of
those. Anything else is described by its type name only, so no object of the student's ever
reaches the grader. Decoding is the inverse and never executes anything.
"""
from __future__ import annotations

# Builtins and numpy functions bound at import, before any student code runs in a kernel.
from builtins import bool, dict, float, int, isinstance, len, list, repr, str, tuple, type  # noqa: A004

import base64
import math

import numpy as _np

_ndarray, _generic, _floating, _integer, _bool_ = (_np.ndarray, _np.generic, _np.floating,
                                                   _np.integer, _np.bool_)
_dtype, _frombuffer, _ascontiguous = _np.dtype, _np.frombuffer, _np.ascontiguousarray

MAX_ELEMENTS = 2_000_000      # larger arrays travel as shape and dtype only
MAX_DEPTH = 12
MAX_ITEMS = 100_000           # items of one list, tuple or dict


def type_name(value) -> str:
    t = type(value)
    module = getattr(t, "__module__", "") or ""
    name = getattr(t, "__qualname__", None) or getattr(t, "__name__", "object")
    return name if module == "builtins" else f"{module}.{name}"


def encode(value, depth: int = 0) -> dict:
    """A JSON-able description of ``value`` (see the module docstring)."""
    t = type(value)
    if t is _ndarray:
        if value.dtype.kind not in "biufc" or value.size > MAX_ELEMENTS:
            return {"type": "large" if value.dtype.kind in "biufc" else "other",
                    "shape": [int(n) for n in value.shape], "dtype": str(value.dtype),
                    "type_name": "numpy.ndarray"}
        # raw bytes, shape and dtype: no .npy header, whose parsing (ast.literal_eval inside
        # np.load) is not thread-safe on CPython 3.11, and the grader decodes in worker threads
        return {"type": "ndarray", "dtype": value.dtype.str, "shape": [int(n) for n in value.shape],
                "data": base64.b64encode(_ascontiguous(value).tobytes()).decode("ascii")}
    if value is None:
        return {"type": "none"}
    if t is bool or t is _bool_:
        return {"type": "bool", "value": bool(value), "numpy": t is _bool_}
    if t is int:
        return {"type": "int", "value": repr(value)}
    if t is float:
        return {"type": "float", "repr": repr(value)}
    if isinstance(value, _generic) and t.__module__ == "numpy":
        if isinstance(value, _floating):
            return {"type": "float", "repr": repr(float(value)), "dtype": str(value.dtype)}
        if isinstance(value, _integer):
            return {"type": "int", "value": repr(int(value)), "dtype": str(value.dtype)}
    if t is str:
        return {"type": "str", "value": value}
    if t in (list, tuple) and depth < MAX_DEPTH and len(value) <= MAX_ITEMS:
        return {"type": t.__name__, "items": [encode(v, depth + 1) for v in value]}
    if t is dict and depth < MAX_DEPTH and len(value) <= MAX_ITEMS:
        return {"type": "dict", "items": [[encode(k, depth + 1), encode(v, depth + 1)]
                                          for k, v in value.items()]}
    return {"type": "other", "type_name": type_name(value)}


class Opaque:
    """Stands in, in the grader, for an object the kernel did not send (any non-data object, or
    an array too large to send)."""

    def __init__(self, type_name: str, shape=None, dtype=None):
        self.type_name, self.shape, self.dtype = type_name, shape, dtype

    def __repr__(self):
        if self.shape is not None:
            return f"<{self.type_name} of shape {tuple(self.shape)} and dtype {self.dtype}>"
        return f"<{self.type_name}>"


class _Key:
    """A dict key that is not hashable in Python terms (e.g. a list) after decoding."""


def decode(enc):
    """The value ``enc`` describes. Raises ValueError for a malformed description."""
    if type(enc) is not dict:
        raise ValueError("malformed value")
    kind = enc.get("type")
    if kind == "ndarray":
        dtype = _dtype(str(enc["dtype"]))
        if dtype.kind not in "biufc" or dtype.hasobject:
            raise ValueError("not an array of numbers")
        shape = tuple(int(n) for n in enc["shape"])
        data = base64.b64decode(enc["data"])
        return _frombuffer(data, dtype=dtype).reshape(shape).copy()
    if kind == "none":
        return None
    if kind == "bool":
        return _bool_(enc["value"]) if enc.get("numpy") else bool(enc["value"])
    if kind == "int":
        value = int(enc["value"])
        return _dtype(enc["dtype"]).type(value) if enc.get("dtype") else value
    if kind == "float":
        value = float(enc["repr"])
        return _dtype(enc["dtype"]).type(value) if enc.get("dtype") else value
    if kind == "str":
        return str(enc["value"])
    if kind in ("list", "tuple"):
        items = [decode(item) for item in enc["items"]]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        out = {}
        for k, v in enc["items"]:
            key = decode(k)
            try:
                hash(key)
            except TypeError:
                key = repr(key)
            out[key] = decode(v)
        return out
    if kind in ("large", "other"):
        return Opaque(str(enc.get("type_name", "object")), enc.get("shape"), enc.get("dtype"))
    raise ValueError(f"unknown value kind {kind!r}")


def is_number(value) -> bool:
    """A real number as COURSE_SPEC §8 accepts it: a Python int or float, a numpy integer or
    floating scalar, or a 0-d integer/float array (never a bool)."""
    if type(value) in (int, float):
        return True
    if isinstance(value, (_floating, _integer)):
        return True
    return type(value) is _ndarray and value.ndim == 0 and value.dtype.kind in "iuf"


def as_float(value) -> float:
    return float(value.item() if type(value) is _ndarray else value)


def finite(x: float) -> bool:
    return math.isfinite(x)
