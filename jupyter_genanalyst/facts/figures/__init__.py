"""Plotly figures and dashboards → exact facts (``kind="figure"``).

``figure_facts(obj)`` accepts a ``go.Figure``/``go.FigureWidget``, a list/tuple/dict of
them, or an ipywidgets container holding FigureWidgets, and returns a :class:`FactSet`
whose every value can be recomputed from the figure by its evidence expression.
"""

from jupyter_genanalyst.facts.figures.collect import NamedFigure, collect_figures
from jupyter_genanalyst.facts.figures.dashboard import chart_notes, figure_facts, main_story
from jupyter_genanalyst.facts.figures.evidence import check_evidence, evidence_namespace

__all__ = [
    "NamedFigure",
    "chart_notes",
    "check_evidence",
    "collect_figures",
    "evidence_namespace",
    "figure_facts",
    "main_story",
]
