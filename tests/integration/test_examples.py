"""The example notebooks run top to bottom with the bundled model, as a user would run them."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from jupyter_genanalyst.bundle import MIME_TYPE

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.kernel
@pytest.mark.llm
@pytest.mark.parametrize("name", ["retail_sales.ipynb", "churn.ipynb", "dashboard.ipynb"])
def test_example_notebook_runs_with_the_local_model(name: str, llm_server: object) -> None:
    nb = nbformat.read(EXAMPLES / name, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(EXAMPLES)}}).execute()  # fmt: skip
    bundles = [
        output["data"][MIME_TYPE]
        for cell in nb.cells if cell.cell_type == "code"
        for output in cell.get("outputs", []) if MIME_TYPE in output.get("data", {})
    ]  # fmt: skip
    assert bundles, "no analysis output in the notebook"
    for bundle in bundles:
        assert bundle["proposals"], bundle.get("notice")
        assert bundle["model"].endswith(".gguf") or bundle["model"] == "template"
        for proposal in bundle["proposals"]:  # no unverified number is shown unmarked
            marked = proposal["marked_narrative"] or ""
            grounding = proposal["grounding"]
            assert grounding is not None or proposal["origin"] == "plan"  # plans: our numbers
            for number in (grounding or {}).get("numbers", []):
                if not number["verified"]:
                    assert re.search(re.escape(number["text"]) + r"\s*\[unverified\]", marked)
    # the real server was consulted (its checksum is in the provenance); whether a model
    # card is shown depends on the checks, which hide what the model got wrong
    assert any(b["provenance"]["model_sha256"] for b in bundles), [b["notice"] for b in bundles]
    nbformat.validate(nb)
