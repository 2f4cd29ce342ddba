"""examples/story.ipynb runs top to bottom with the bundled model, as a user would run it."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from jupyter_genanalyst.bundle import MIME_TYPE

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.kernel
@pytest.mark.llm
def test_the_story_example_runs_end_to_end_with_the_bundled_model(llm_server: object) -> None:
    nb = nbformat.read(ROOT / "examples" / "story.ipynb", as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()  # fmt: skip
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    data = [o.get("data", {}) for o in outputs]
    bundles = [d[MIME_TYPE] for d in data if MIME_TYPE in d]
    assert [b["request"]["kind"] for b in bundles] == [
        "describe", "diagnose", "predict", "prescribe"
    ]  # fmt: skip
    # the real server was consulted for every stage (its checksum is in the provenance);
    # whether a model card is shown depends on the checks, which hide what it got wrong
    assert all(b["provenance"]["model_sha256"] for b in bundles), [b["notice"] for b in bundles]
    diagnose = bundles[1]
    first = next(p for p in diagnose["proposals"] if not p.get("hidden"))
    assert first["title"] == "Why, tested: sales"
    assert "高雄" in first["narrative"] and "not supported" in first["narrative"]
    assert diagnose["next_questions"]  # what to ask next travels with every stage
    markdown = " ".join(d.get("text/markdown", "") for d in data)
    assert "The story of sales" in markdown and "高雄" in markdown and "2024-03-14" in markdown
    text = " ".join(o.get("text", "") for o in outputs)
    assert "%ga" in text and "4/4 prescribe: done" in text
    assert any("application/vnd.jupyter.widget-view+json" in d for d in data)
    nbformat.validate(nb)
