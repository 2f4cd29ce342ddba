"""Facts about drawn distributions (box, violin, auto-binned histogram) and heatmap grids.

Box quartiles follow the trace's ``quartilemethod`` as plotly.js defines it: ``linear``
interpolates at position ``p·n − 0.5`` (numpy's ``method='hazen'``); ``exclusive`` and
``inclusive`` take medians of the lower/upper halves, leaving the median out of / in both
halves for odd n. Histograms with automatic bins only get raw-value statistics.
"""

from __future__ import annotations

import numpy as np

from jupyter_genanalyst.facts.figures.axisvalues import evaluate
from jupyter_genanalyst.facts.figures.fmt import AxisFormat
from jupyter_genanalyst.facts.figures.make import ChartContext
from jupyter_genanalyst.facts.figures.traces import Grid, Sample
from jupyter_genanalyst.facts.format import label, label_value
from jupyter_genanalyst.facts.types import Fact, Unit

_METHOD_TEXT = {
    "linear": "plotly 'linear' quartiles (numpy method='hazen')",
    "exclusive": "plotly 'exclusive' quartiles (medians of the halves without the median)",
    "inclusive": "plotly 'inclusive' quartiles (medians of the halves including the median)",
    "precomputed": "quartiles given in the trace (q1/median/q3)",
}


def _clean(expr: str) -> str:
    return f"(lambda r: np.sort(r[np.isfinite(r)]))({expr})"


def quartile_exprs(raw_expr: str, method: str) -> dict[str, str]:
    """Expressions for q1/median/q3 of the raw values under plotly's ``quartilemethod``."""
    r = _clean(raw_expr)
    if method == "linear":
        return {
            q: f"float(np.quantile({r}, {p}, method='hazen'))"
            for q, p in (("q1", 0.25), ("median", 0.5), ("q3", 0.75))
        }
    low = "r[: len(r) // 2]" if method == "exclusive" else "r[: (len(r) + 1) // 2]"
    high = "r[(len(r) + 1) // 2 :]" if method == "exclusive" else "r[len(r) // 2 :]"
    return {
        "q1": f"(lambda r: float(np.median({low})))({r})",
        "median": f"float(np.median({r}))",
        "q3": f"(lambda r: float(np.median({high})))({r})",
    }


def sample_facts(
    ctx: ChartContext, s: Sample, slug: str, fmt: AxisFormat, fig: object
) -> list[Fact]:
    """A box/violin summary, or raw-value statistics for an automatically binned histogram."""
    unit: Unit = fmt.unit
    cols = (s.name, fmt.title)
    if s.chart == "histogram":
        return [_raw_stats(ctx, s, slug, fmt, unit, cols)]
    exprs = s.precomputed or quartile_exprs(s.raw_expr, s.quartile_method)
    q = {k: float(evaluate(e, fig)) for k, e in exprs.items()}
    values: dict[str, float | int | str | None] = dict(q)
    units: dict[str, Unit] = {k: unit for k in q}
    ev = dict(exprs)
    iqr = q["q3"] - q["q1"]
    values["iqr"], units["iqr"] = iqr, unit
    ev["iqr"] = f"({exprs['q3']}) - ({exprs['q1']})"
    n_text = ""
    n_raw: int | None = None
    if not s.precomputed:
        r = s.raw[np.isfinite(s.raw)]
        n_raw = int(r.size)
        lo, hi = q["q1"] - 1.5 * iqr, q["q3"] + 1.5 * iqr
        c = _clean(s.raw_expr)
        values.update(
            n=int(r.size),
            min=float(r.min()),
            max=float(r.max()),
            outliers=int(np.sum((r < lo) | (r > hi))),
        )
        units.update(n="count", min=unit, max=unit, outliers="count")
        ev.update(
            n=f"int(np.size({c}))",
            min=f"float(np.min({c}))",
            max=f"float(np.max({c}))",
            outliers=(
                f"(lambda r, lo, hi: int(np.sum((r < lo) | (r > hi))))({c}, "
                f"({exprs['q1']}) - 1.5 * (({exprs['q3']}) - ({exprs['q1']})), "
                f"({exprs['q3']}) + 1.5 * (({exprs['q3']}) - ({exprs['q1']})))"
            ),
        )
        n_text = f" (n = {r.size}, {values['outliers']} beyond 1.5×IQR)"
    text = (
        f"{s.name}: median {fmt.format(q['median'])}, middle half from {fmt.format(q['q1'])} "
        f"to {fmt.format(q['q3'])}{n_text}."
    )
    return [
        ctx.fact(
            "box",
            [slug],
            values=values,
            units=units,
            importance=0.5,
            text=text,
            evidence=ev,
            columns=cols,
            caveats=(_METHOD_TEXT[s.quartile_method], *s.caveats),
            sample_size=n_raw,
        )
    ]


def _raw_stats(
    ctx: ChartContext, s: Sample, slug: str, fmt: AxisFormat, unit: Unit, cols: tuple[str, ...]
) -> Fact:
    r = s.raw[np.isfinite(s.raw)]
    c = _clean(s.raw_expr)
    q1, med, q3 = (float(x) for x in np.quantile(r, [0.25, 0.5, 0.75]))
    values = {
        "n": int(r.size),
        "mean": float(r.mean()),
        "median": med,
        "q1": q1,
        "q3": q3,
        "min": float(r.min()),
        "max": float(r.max()),
    }
    ev = {
        "n": f"int(np.size({c}))",
        "mean": f"float(np.mean({c}))",
        "median": f"float(np.quantile({c}, 0.5))",
        "q1": f"float(np.quantile({c}, 0.25))",
        "q3": f"float(np.quantile({c}, 0.75))",
        "min": f"float(np.min({c}))",
        "max": f"float(np.max({c}))",
    }
    units: dict[str, Unit] = {k: ("count" if k == "n" else unit) for k in values}
    text = (
        f"{s.name}: {r.size} values, mean {fmt.format(values['mean'])}, median {fmt.format(med)}, "
        f"quartiles {fmt.format(q1)}–{fmt.format(q3)}, range {fmt.format(values['min'])}–"
        f"{fmt.format(values['max'])}."
    )
    return ctx.fact(
        "distribution",
        [slug],
        values=values,
        units=units,
        importance=0.5,
        text=text,
        evidence=ev,
        columns=cols,
        sample_size=int(r.size),
        caveats=(*s.caveats, "quartiles use numpy's default linear method"),
    )


def grid_facts(
    ctx: ChartContext, g: Grid, slug: str, fmt: AxisFormat, x_title: str, y_title: str
) -> list[Fact]:
    """Highest and lowest heatmap cells with their x/y labels, and the mean cell."""
    z = g.z
    if not np.isfinite(z).any():
        return []
    Z, X, Y = g.z_expr, g.x.labels_expr, g.y.labels_expr
    unit: Unit = fmt.unit
    out = []
    for topic, fn, word, imp in (
        ("max-cell", "nanargmax", "highest", 0.6),
        ("min-cell", "nanargmin", "lowest", 0.5),
    ):
        row, col = np.unravel_index(int(getattr(np, fn)(z)), z.shape)
        xl, yl = label_value(g.x.labels[col]), label_value(g.y.labels[row])
        value = float(z[row, col])
        pos = f"np.unravel_index(int(np.{fn}(z)), z.shape)"
        out.append(
            ctx.fact(
                topic,
                [slug],
                values={
                    "value": value,
                    "x": xl,
                    "y": yl,
                },
                units={"value": unit, "x": g.x.unit, "y": g.y.unit},
                importance=imp,
                text=(
                    f"The {word} cell of {g.name or 'the heatmap'} is {fmt.format(value)} at "
                    f"{x_title or 'x'} = {label(xl)}, {y_title or 'y'} = {label(yl)}."
                ),
                evidence={
                    "value": f"float(np.{fn.replace('arg', '')}({Z}))",
                    "x": f"(lambda z, l: l[{pos}[1]])({Z}, {X})",
                    "y": f"(lambda z, l: l[{pos}[0]])({Z}, {Y})",
                },
                columns=(g.name, x_title, y_title),
                caveats=g.caveats,
                sample_size=int(np.isfinite(z).sum()),
            )
        )
    out.append(
        ctx.fact(
            "mean-cell",
            [slug],
            values={"mean": float(np.nanmean(z)), "cells": int(np.isfinite(z).sum())},
            units={"mean": unit, "cells": "count"},
            importance=0.35,
            text=(
                f"The {int(np.isfinite(z).sum())} cells of {g.name or 'the heatmap'} "
                f"average {fmt.format(float(np.nanmean(z)))}."
            ),
            evidence={"mean": f"float(np.nanmean({Z}))", "cells": f"int(np.isfinite({Z}).sum())"},
            columns=(g.name, x_title, y_title),
        )
    )
    return out
