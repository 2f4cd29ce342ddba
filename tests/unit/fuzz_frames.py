"""300+ deterministic odd frames for the fuzz suite: odd dtypes, odd shapes, odd names.

Each frame combines one *column maker* per column (numbers with NaN/±inf, long doubles,
nullable dtypes, categories with unused levels, tz-aware dates, Chinese text, lists in
cells…) with an odd shape or label trick, so the product of a few lists gives hundreds
of distinct frames without randomness between runs.
"""

from __future__ import annotations

import decimal
import itertools
from collections.abc import Callable

import numpy as np
import pandas as pd

Maker = Callable[[np.random.Generator, int], object]

MAKERS: dict[str, Maker] = {
    "float": lambda r, n: r.normal(size=n),
    "float_nan_inf": lambda r, n: np.where(
        r.random(n) < 0.2, np.nan, np.where(r.random(n) < 0.1, np.inf, r.normal(size=n))
    ),
    "neg_inf": lambda r, n: np.where(r.random(n) < 0.3, -np.inf, r.normal(size=n)),
    "all_inf": lambda r, n: np.full(n, np.inf),
    "int": lambda r, n: r.integers(-5, 5, n),
    "huge_int": lambda r, n: r.integers(0, 2**62, n, dtype=np.int64),
    "uint8": lambda r, n: r.integers(0, 255, n).astype(np.uint8),
    "longdouble": lambda r, n: r.normal(size=n).astype(np.longdouble),
    "float16": lambda r, n: r.normal(size=n).astype(np.float16),
    "bool": lambda r, n: r.random(n) < 0.5,
    "Int64": lambda r, n: pd.array(
        [None if v < 0.2 else int(v * 100) for v in r.random(n)], dtype="Int64"
    ),
    "boolean": lambda r, n: pd.array(
        [None if v < 0.2 else bool(v < 0.6) for v in r.random(n)], dtype="boolean"
    ),
    "string": lambda r, n: pd.array(
        [None if v < 0.1 else f"s{int(v * 7)}" for v in r.random(n)], dtype="string"
    ),
    "category_unused": lambda r, n: pd.Categorical(
        r.choice(list("ab"), n), categories=list("abcz")
    ),
    "zh_category": lambda r, n: r.choice(["北部", "中部", "南部", "東部"], n),
    "zh_text": lambda r, n: [f"客戶留言：第{i}筆，服務很好" for i in range(n)],
    "constant": lambda r, n: np.full(n, 7.0),
    "all_nan": lambda r, n: np.full(n, np.nan),
    "none_object": lambda r, n: [None] * n,
    "mixed_object": lambda r, n: [[1, "a", 2.5, None, True][i % 5] for i in range(n)],
    "lists": lambda r, n: [[i, i + 1] if i % 3 else None for i in range(n)],
    "dicts": lambda r, n: [{"k": i} for i in range(n)],
    "decimal": lambda r, n: [decimal.Decimal(i) / 3 for i in range(n)],
    "complex": lambda r, n: np.arange(n) * 1j,
    "timedelta": lambda r, n: pd.to_timedelta(np.arange(n), "h"),
    "dates": lambda r, n: pd.date_range("2021-01-01", periods=n, freq="MS"),
    "dates_tz": lambda r, n: pd.date_range("2021-01-01", periods=n, freq="D", tz="Asia/Taipei"),
    "date_strings": lambda r, n: [f"2022-{1 + i % 12:02d}-01" for i in range(n)],
    "period": lambda r, n: pd.period_range("2020-01", periods=n, freq="M"),
    "empty_strings": lambda r, n: [""] * n,
    "ids": lambda r, n: [f"ID-{i:05d}" for i in range(n)],
    "bytes": lambda r, n: [b"\x00\xff" * (i % 3) for i in range(n)],
}
SHAPES = (0, 1, 2, 3, 7, 24)
NAMES = ("plain", "int", "dup", "zh", "tuple", "odd")


def _column_names(style: str, k: int) -> list[object]:
    if style == "int":
        return list(range(k))
    if style == "dup":
        return ["x"] * k
    if style == "zh":
        return [f"欄位{i}" for i in range(k)]
    if style == "tuple":
        return [("a", i) for i in range(k)]
    if style == "odd":
        return [" ", "a.b", "__class__", "df", "", "1x", "營收 (NT$)"][:k] + [
            f"c{i}" for i in range(max(0, k - 7))
        ]
    return [f"c{i}" for i in range(k)]


def odd_frames(count: int = 310) -> list[tuple[str, pd.DataFrame]]:
    """``count`` distinct frames: 2–4 columns from the makers, one shape, one naming style."""
    kinds = list(MAKERS)
    combos = itertools.cycle(itertools.product(SHAPES, NAMES))
    out: list[tuple[str, pd.DataFrame]] = []
    for i in range(count):
        n, style = next(combos)
        r = np.random.default_rng(i)
        k = 2 + i % 3
        chosen = [kinds[(i * 7 + j * 11) % len(kinds)] for j in range(k)]
        if i % 4 == 0 and n >= 3:  # a real numeric target next to the oddities
            chosen[0] = "float"
        if i % 6 == 0 and n >= 3:
            chosen[-1] = "dates"
        columns = {f"_{j}": pd.Series(MAKERS[kind](r, n)) for j, kind in enumerate(chosen)}
        frame = pd.DataFrame(columns)
        names = _column_names(style, k)
        if style == "tuple":
            frame.columns = pd.MultiIndex.from_tuples(names)  # type: ignore[arg-type]
        else:
            frame.columns = names
        if i % 10 == 5 and n:
            frame.index = pd.Index([f"列{j}" for j in range(n)])
        if i % 10 == 7 and n:
            frame.index = pd.MultiIndex.from_arrays([np.arange(n) % 2, np.arange(n)])
        out.append((f"{i:03d}-{n}x{k}-{style}-{'+'.join(chosen)}", frame))
    return out
