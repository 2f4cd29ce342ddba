"""A what-if simulator: move the prescribe levers, watch the modelled outcome and its interval.

Why: a ranked list of levers answers "which one?", not "how much?". The :class:`Simulator`
is the model prescribe uses (gradient boosting refit on bootstrap resamples) with its levers
as settings: a numeric lever shifts every row by an amount (clipped to the data's 1st–99th
percentiles, as prescribe does), a categorical one sets every row to a level. The outcome is
the mean modelled target over the rows, with the 5–95% range across the bootstrap models.

:func:`whatif` wraps it in ipywidgets (sliders, dropdowns, the outcome, the assumptions, and
an "insert this scenario" button that writes a code cell's source, shown to copy and never
run), so it works in JupyterLab, Notebook 7 and VS Code alike.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from .facts._context import Context
from .facts._drivers import target_column
from .facts._model import design
from .facts.prescribe import CAVEATS, _bootstrap, _positive_class, _predict

AS_IS = "(as is)"
Setting = float | str


@dataclass(frozen=True)
class Lever:
    name: str  # column label
    index: int  # position among the model's features
    kind: str  # "shift" (numeric) or "level" (categorical)
    low: float = 0.0  # shift range (numeric)
    high: float = 0.0
    clip: tuple[float, float] = (0.0, 0.0)
    levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    value: float  # mean modelled target (percent for a two-class target)
    lower: float
    upper: float
    baseline: float  # the same with every lever as is

    @property
    def change(self) -> float:
        return self.value - self.baseline


class Simulator:
    """The prescribe model with its levers as settings (no widgets: testable anywhere)."""

    def __init__(
        self,
        df: pd.DataFrame,
        *,
        target: str,
        features: Sequence[str] | None = None,
        random_state: int = 0,
        frame_name: str = "df",
    ) -> None:
        ctx = Context.build(df, False, "what-if")
        t = target_column(ctx, target)
        self.target, self.frame_name, self.random_state = target, frame_name, random_state
        self.features = tuple(features) if features is not None else None
        self.design = design(ctx, t, random_state, features)
        self.positive = _positive_class(self.design, t)
        with threadpool_limits(1):  # OpenMP spin-waits badly on busy cores (see facts._model)
            self.models, self.quality = _bootstrap(self.design, self.positive, random_state)
        self.levers = [self._lever(i, f.label) for i, f in enumerate(self.design.features)]
        self._baseline = self._means(self.design.X)

    def _lever(self, i: int, name: str) -> Lever:
        d = self.design
        if d.categorical[i]:
            return Lever(name, i, "level", levels=tuple(d.codes.get(i, [])))
        x = d.X.iloc[:, i]
        lo, hi = float(x.quantile(0.01)), float(x.quantile(0.99))
        half = (hi - lo) / 2 or 1.0
        return Lever(name, i, "shift", -half, half, (lo, hi))

    @property
    def what(self) -> str:
        if self.positive is None:
            return f"average {self.target}"
        return f"probability (%) that {self.target} is {self.positive}"

    def scenario(self, settings: Mapping[str, Setting]) -> pd.DataFrame:
        """The model's inputs with the settings applied."""
        by_name = {lv.name: lv for lv in self.levers}
        unknown = sorted(set(settings) - set(by_name))
        if unknown:
            from .errors import GenAnalystError

            raise GenAnalystError(
                f"no lever named {', '.join(unknown)}; levers: {', '.join(by_name)}"
            )
        X = self.design.X.copy()
        for name, value in settings.items():
            lv = by_name[name]
            if lv.kind == "shift" and float(value) != 0.0:
                col = X.iloc[:, lv.index]
                X.iloc[:, lv.index] = np.clip(col + float(value), *lv.clip).where(col.notna())
            elif lv.kind == "level" and value != AS_IS:
                X.iloc[:, lv.index] = float(lv.levels.index(str(value)))
        return X

    def _means(self, X: pd.DataFrame) -> np.ndarray:
        with threadpool_limits(1):
            return np.array([float(np.mean(_predict(m, X, self.positive))) for m in self.models])

    def outcome(self, settings: Mapping[str, Setting] | None = None) -> Outcome:
        means = self._means(self.scenario(settings or {}))
        return Outcome(
            float(means.mean()),
            float(np.quantile(means, 0.05)),
            float(np.quantile(means, 0.95)),
            float(self._baseline.mean()),
        )

    def code(self, settings: Mapping[str, Setting]) -> str:
        """A cell that reproduces the scenario (for the human to insert; never run by us)."""
        active = {k: v for k, v in settings.items() if v not in (AS_IS, 0, 0.0)}
        feats = f", features={list(self.features)!r}" if self.features is not None else ""
        return (
            "from jupyter_genanalyst.whatif import Simulator\n\n"
            f"sim = Simulator({self.frame_name}, target={self.target!r}{feats}, "
            f"random_state={self.random_state})\n"
            f"scenario = {active!r}  # numeric: shift every row by; categorical: set to\n"
            "sim.outcome(scenario)"
        )

    def assumptions(self) -> list[str]:
        quality = "out-of-bag R²" if self.positive is None else "out-of-bag ROC AUC"
        return [
            *CAVEATS,
            f"{len(self.models)} bootstrap models; the interval is their 5–95% range",
            f"model {quality} {self.quality:.2f}",
            "numeric levers shift every row, clipped to the data's 1st–99th percentiles",
        ]


class WhatIf:
    """The ipywidgets front of a :class:`Simulator`; display it in any Jupyter frontend."""

    def __init__(self, sim: Simulator) -> None:
        import ipywidgets as w

        self.sim = sim
        self.controls: dict[str, Any] = {}
        for lv in sim.levers:
            if lv.kind == "shift":
                self.controls[lv.name] = w.FloatSlider(
                    value=0.0, min=lv.low, max=lv.high, step=(lv.high - lv.low) / 100,
                    description=f"{lv.name} ±", continuous_update=False,
                    style={"description_width": "initial"},
                )  # fmt: skip
            else:
                self.controls[lv.name] = w.Dropdown(
                    options=[AS_IS, *lv.levels], value=AS_IS, description=lv.name
                )
        self.result = w.HTML()
        self.code = w.Textarea(layout=w.Layout(width="100%", height="7em", display="none"))
        self.insert = w.Button(
            description="Insert this scenario",
            icon="plus",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )  # its own width: the default cuts the label to "Insert this scen…"
        self.insert.on_click(lambda _: self._show_code())
        notes = "".join(f"<li>{html.escape(a)}</li>" for a in sim.assumptions())
        self.widget = w.VBox(
            [
                w.HTML(f"<b>What if…</b> {html.escape(sim.what)}"),
                *self.controls.values(),
                self.result,
                w.HTML(f"<details><summary>Assumptions</summary><ul>{notes}</ul></details>"),
                self.insert,
                self.code,
            ]
        )
        for c in self.controls.values():
            c.observe(lambda _: self.update(), names="value")
        self.update()

    def settings(self) -> dict[str, Setting]:
        return {name: c.value for name, c in self.controls.items()}

    def update(self) -> Outcome:
        self.outcome = self.sim.outcome(self.settings())
        o = self.outcome
        self.result.value = (
            f"<p>Modelled {html.escape(self.sim.what)}: <b>{o.value:,.2f}</b> "
            f"(range {o.lower:,.2f} to {o.upper:,.2f}); as is {o.baseline:,.2f} "
            f"({o.change:+,.2f}).</p>"
        )
        if self.code.layout.display != "none":
            self._show_code()
        return o

    def _show_code(self) -> None:
        self.code.value = self.sim.code(self.settings())
        self.code.layout.display = "block"

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def whatif(
    df: pd.DataFrame,
    *,
    target: str,
    features: Sequence[str] | None = None,
    frame_name: str = "df",
    random_state: int = 0,
) -> WhatIf:
    """A what-if simulator for ``target`` over the prescribe levers (all usable columns, or
    ``features``, e.g. a story's supported drivers)."""
    sim = Simulator(
        df, target=target, features=features, random_state=random_state, frame_name=frame_name
    )
    return WhatIf(sim)
