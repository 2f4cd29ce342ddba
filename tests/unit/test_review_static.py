"""Static output (nbconvert, as GitHub/nbviewer-style renderers do): an output that carries
the widget view without saved widget state still shows the readable markdown, with the
review decisions written back into it."""

from __future__ import annotations

import nbformat
from nbconvert import HTMLExporter, MarkdownExporter

from jupyter_genanalyst.review import widget as rw
from tests.ui.bundles import fixture_bundle


def _notebook(data: dict) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("ga.describe(df)")
    cell.outputs = [nbformat.v4.new_output("display_data", data=data)]
    nb.cells = [cell]
    return nb


def test_static_exports_show_the_markdown_and_the_decisions() -> None:
    review = rw.ReviewWidget(fixture_bundle("ga-static-1"))
    review.cards["p1"].accept.click()
    review.cards["p3"].reject.click()
    data = review.mimebundle()
    assert rw.WIDGET_MIME in data  # the widget is offered, but no widget state is saved

    html, _ = HTMLExporter().from_notebook_node(_notebook(data))
    assert "Revenue averages 12.5" in html
    assert "p1 accepted · p2 pending · p3 rejected · p4 pending" in html

    markdown, _ = MarkdownExporter().from_notebook_node(_notebook(data))
    assert "#### p1. Revenue averages 12.5" in markdown
    assert "**Your review:** p1 accepted" in markdown
