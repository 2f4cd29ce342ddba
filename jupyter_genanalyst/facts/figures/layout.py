"""Facts from a figure's layout: what is drawn, annotations, and reference lines.

Titles, axis titles and tick formats tell the reader what a number means; annotations
and reference lines (``add_hline``/``add_vline`` or line shapes) are what the chart's
author wanted noticed, so each horizontal line is also checked against the series.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from jupyter_genanalyst.facts.factory import recorded
from jupyter_genanalyst.facts.figures.fmt import AxisFormat, axis_format
from jupyter_genanalyst.facts.figures.make import ChartContext
from jupyter_genanalyst.facts.figures.series import NamedSeries
from jupyter_genanalyst.facts.types import Fact, Value

_FACET = re.compile(r"^[^=<>]+=[^=]*$")  # px facet labels such as "sex=Female"
MAX_ANNOTATIONS = 5


def summary_fact(ctx: ChartContext, fig: Any, kinds: list[str], n_series: int) -> Fact:
    """What the chart is: title, drawing kinds, axis titles and formats."""
    title = str(fig.layout.title.text or "") if fig.layout.title is not None else ""
    x, y = axis_format(fig.layout, "x"), axis_format(fig.layout, "y")
    kinds_text = ", ".join(dict.fromkeys(kinds)) or "nothing readable"
    values: dict[str, Value] = {
        "title": title,
        "kinds": kinds_text,
        "series": n_series,
        "x_title": x.title,
        "y_title": y.title,
        "y_format": _fmt_text(y),
    }
    text = (
        f"Chart '{ctx.name}' shows {kinds_text} ({n_series} series); y: {y.title or 'untitled'}"
        f"{' [' + _fmt_text(y) + ']' if _fmt_text(y) else ''}; x: {x.title or 'untitled'}."
    )
    return ctx.fact(
        "summary",
        [],
        values=values,
        units={k: ("count" if k == "series" else "text") for k in values},
        importance=0.3,
        text=text,
        evidence={
            "title": "str(fig.layout.title.text or '')",
            "kinds": recorded(kinds_text),  # the reader's classification of the traces
            "series": recorded(n_series),
            "x_title": "str(fig.layout.xaxis.title.text or '')",
            "y_title": "str(fig.layout.yaxis.title.text or '')",
            "y_format": _FMT_TEXT,
        },
        columns=(x.title, y.title),
    )


_FMT_TEXT = (  # _fmt_text of the y axis, as an evidence expression
    "(lambda a: ', '.join(p for p in ("
    "('tickformat ' + a.tickformat) if a.tickformat else '', "
    "('prefix ' + a.tickprefix) if a.tickprefix else '', "
    "('suffix ' + a.ticksuffix) if a.ticksuffix else '') if p))(fig.layout.yaxis)"
)


def _fmt_text(a: AxisFormat) -> str:
    parts = [
        f"tickformat {a.tickformat}" if a.tickformat else "",
        f"prefix {a.prefix}" if a.prefix else "",
        f"suffix {a.suffix}" if a.suffix else "",
    ]
    return ", ".join(p for p in parts if p)


def annotation_facts(ctx: ChartContext, fig: Any) -> list[Fact]:
    """The author's own annotations (facet labels excluded), verbatim."""
    out: list[Fact] = []
    for k, ann in enumerate(fig.layout.annotations or ()):
        text = str(ann.text or "").strip()
        if not text or _FACET.match(text) or len(out) >= MAX_ANNOTATIONS:
            continue
        clean = re.sub(r"<[^>]+>", " ", text)
        out.append(
            ctx.fact(
                "annotation",
                [str(k)],
                values={"text": clean},
                units={"text": "text"},
                importance=0.35,
                text=f'The chart is annotated: "{" ".join(clean.split())}".',
                evidence={"text": f"str(fig.layout.annotations[{k}].text)"}
                if clean == text
                else {},
            )
        )
    return out


def _is_hline(shape: Any) -> bool:
    return (
        shape.type == "line"
        and shape.y0 is not None
        and shape.y0 == shape.y1
        and not str(shape.yref or "y").endswith("domain")
        and str(shape.yref or "y") != "paper"
    )


def _is_vline(shape: Any) -> bool:
    return (
        shape.type == "line"
        and shape.x0 is not None
        and shape.x0 == shape.x1
        and not str(shape.xref or "x").endswith("domain")
        and str(shape.xref or "x") != "paper"
    )


def reference_facts(ctx: ChartContext, fig: Any, named: list[NamedSeries]) -> list[Fact]:
    """Horizontal reference lines: how many points of each series on that axis lie above."""
    out: list[Fact] = []
    for k, shape in enumerate(fig.layout.shapes or ()):
        if _is_hline(shape):
            try:
                level = float(shape.y0)
            except (TypeError, ValueError):
                continue
            yref = str(shape.yref or "y")
            for ns in named:
                s = ns.series
                if s.value_axis != yref or s.chart in ("pie", "histogram") or not s.values.size:
                    continue
                above = int(np.sum(s.values > level))
                n = int(np.isfinite(s.values).sum())
                out.append(
                    ctx.fact(
                        "refline",
                        [str(k), ns.slug],
                        values={"level": level, "above": above, "n": n},
                        units={"level": ns.unit, "above": "count", "n": "count"},
                        importance=0.5,
                        text=(
                            f"{above} of {n} points of {ns.name} are above the reference line at "
                            f"{ns.fmt.format(level)}."
                        ),
                        evidence={
                            "level": f"float(fig.layout.shapes[{k}].y0)",
                            "above": (
                                f"int(np.sum({s.values_expr} > float(fig.layout.shapes[{k}].y0)))"
                            ),
                            "n": f"int(np.isfinite({s.values_expr}).sum())",
                        },
                        columns=ns.columns,
                    )
                )
        elif _is_vline(shape):
            at = shape.x0
            out.append(
                ctx.fact(
                    "refline",
                    [str(k)],
                    values={"at": at if isinstance(at, (int, float)) else str(at)},
                    units={"at": "number" if isinstance(at, (int, float)) else "text"},
                    importance=0.35,
                    text=f"A vertical reference line marks x = {at}.",
                    evidence={"at": f"fig.layout.shapes[{k}].x0"},
                )
            )
    return out
