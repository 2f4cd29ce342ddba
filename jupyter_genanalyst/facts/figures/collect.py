"""Find the plotly figures inside whatever the user calls a dashboard.

A dashboard may be one figure, a list/tuple/dict of figures, or an ipywidgets
container (VBox, HBox, GridBox, Tab, Accordion…) holding ``FigureWidget`` s, nested
arbitrarily. Controls such as sliders or labels are skipped silently; anything else
that is neither a figure nor a container is reported as :class:`Skipped` so the facts
can say which chart could not be read instead of guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plotly.basedatatypes import BaseFigure

from jupyter_genanalyst.errors import GenAnalystError
from jupyter_genanalyst.facts.figures.decode import decoded
from jupyter_genanalyst.facts.figures.naming import slugify, unique


@dataclass(frozen=True)
class NamedFigure:
    """A figure with a human name, a unique slug for fact ids, and where it was found.

    ``figure`` is the user's own object unless it held base64-encoded arrays (see
    :mod:`.decode`), in which case it is the decoded copy that evidence refers to.
    """

    name: str
    slug: str
    figure: BaseFigure
    path: str


@dataclass(frozen=True)
class Skipped:
    """An item of the dashboard that is not a readable figure, and why."""

    name: str
    slug: str
    path: str
    reason: str


def _title(fig: BaseFigure) -> str:
    title = fig.layout.title
    return str(title.text) if title is not None and title.text else ""


def _is_widget(obj: Any) -> bool:
    return any(
        cls.__name__ == "Widget" and "ipywidgets" in cls.__module__ for cls in type(obj).__mro__
    )


def _tab_titles(widget: Any) -> list[str]:
    titles = getattr(widget, "titles", None)  # ipywidgets 8 Tab/Accordion/Stack
    return [str(t) for t in titles] if titles else []


def walk(obj: Any) -> list[NamedFigure | Skipped]:
    """Every figure (and every unreadable item) in ``obj``, in display order."""
    found: list[tuple[str | None, str, Any]] = []
    _visit(obj, None, "obj", found)
    taken: set[str] = set()
    out: list[NamedFigure | Skipped] = []
    for index, (key, path, item) in enumerate(found, start=1):
        if isinstance(item, BaseFigure):
            name = key or _title(item) or f"chart {index}"
            slug = unique(slugify(name, f"chart{index}"), taken)
            out.append(NamedFigure(name, slug, decoded(item), path))
        else:
            name = key or f"item {index}"
            reason = f"it is a {type(item).__name__}, not a plotly figure"
            out.append(Skipped(name, unique(slugify(name, f"item{index}"), taken), path, reason))
    return out


def _visit(obj: Any, key: str | None, path: str, found: list[tuple[str | None, str, Any]]) -> None:
    if isinstance(obj, BaseFigure):  # go.Figure and go.FigureWidget (a widget too) land here
        found.append((key, path, obj))
    elif isinstance(obj, Mapping):
        for k, v in obj.items():
            _visit(v, str(k), f"{path}[{k!r}]", found)
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            _visit(v, None, f"{path}[{i}]", found)
    elif _is_widget(obj):
        children = getattr(obj, "children", None)
        if children is None:
            return  # a control (slider, label, output…): not a chart, nothing to read
        titles = _tab_titles(obj)
        for i, child in enumerate(children):
            title = (
                titles[i]
                if i < len(titles) and titles[i]
                else (key if len(children) == 1 else None)
            )
            _visit(child, title, f"{path}.children[{i}]", found)
    else:
        found.append((key, path, obj))


def collect_figures(obj: Any) -> list[NamedFigure]:
    """The plotly figures in ``obj``; raise :class:`GenAnalystError` if there are none.

    Non-figure items inside a container are left out here (``walk`` reports them);
    passing something that holds no figure at all is a user error worth one clear line.
    """
    items = walk(obj)
    figures = [item for item in items if isinstance(item, NamedFigure)]
    if not figures:
        what = type(obj).__name__
        raise GenAnalystError(
            f"No plotly figure found in the {what} given: pass a plotly go.Figure/FigureWidget, "
            "a list or dict of them, or an ipywidgets container (VBox, HBox, Tab…) "
            "holding FigureWidgets."
        )
    return figures
