"""examples/story.ipynb runs top to bottom without a model (the template path)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from jupyter_genanalyst.bundle import MIME_TYPE

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.kernel
def test_the_story_example_runs_end_to_end_without_a_model() -> None:
    nb = nbformat.read(ROOT / "examples" / "story.ipynb", as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()  # fmt: skip
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    data = [o.get("data", {}) for o in outputs]
    bundles = [d[MIME_TYPE] for d in data if MIME_TYPE in d]
    assert [b["request"]["kind"] for b in bundles] == [
        "describe", "diagnose", "predict", "prescribe"
    ]  # fmt: skip
    markdown = " ".join(d.get("text/markdown", "") for d in data)
    assert "The story of sales" in markdown and "高雄" in markdown and "2024-03-14" in markdown
    text = " ".join(o.get("text", "") for o in outputs)
    assert "%ga" in text and "4/4 prescribe: done" in text
    assert any("application/vnd.jupyter.widget-view+json" in d for d in data)
