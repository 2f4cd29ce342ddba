"""Decode plotly's base64 typed arrays (``{'dtype', 'bdata', 'shape'}``) left in a figure.

Figures made by plotly.py hold numpy arrays, but a figure rebuilt from JSON or a dict
(``go.Figure(fig.to_dict())``, a saved notebook output) keeps the encoded dicts as trace
values. Such a figure is replaced by an equivalent one with real arrays, which is then the
``fig`` its facts' evidence refers to.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.basedatatypes import BaseFigure


def _is_encoded(value: Any) -> bool:
    return isinstance(value, dict) and "bdata" in value and "dtype" in value


def _decode(value: Any) -> tuple[Any, bool]:
    if _is_encoded(value):
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if shape:
            dims = [int(s) for s in (shape.split(",") if isinstance(shape, str) else shape)]
            arr = arr.reshape(dims)
        return arr.copy(), True
    if isinstance(value, dict):
        changed = False
        out = {}
        for k, v in value.items():
            out[k], c = _decode(v)
            changed |= c
        return out, changed
    if isinstance(value, (list, tuple)) and value and any(isinstance(v, dict) for v in value):
        items = [_decode(v) for v in value]
        return [v for v, _ in items], any(c for _, c in items)
    return value, False


def decoded(fig: BaseFigure) -> BaseFigure:
    """``fig`` itself, or a copy with every encoded typed array turned into a numpy array."""
    data = [t.to_plotly_json() for t in fig.data]
    new, changed = _decode(data)
    if not changed:
        return fig
    return go.Figure(data=new, layout=fig.layout)
