"""Every notebook runs top to bottom on the venv's interpreter, and is stored without outputs."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture
def kernel_on_this_python(tmp_path, monkeypatch):
    """A `python3` kernelspec that starts this interpreter (the venv), found before any other."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "reportminer venv", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return "python3"


def test_there_are_notebooks():
    assert any(p.name == "01_quickstart.ipynb" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, kernel_on_this_python):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name=kernel_on_this_python,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError with the failing cell and traceback
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    # the kernel really was this interpreter's, with this checkout of reportminer
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import sys, reportminer; print(sys.executable); print(reportminer.__file__)")])
    NotebookClient(probe, timeout=120, kernel_name=kernel_on_this_python).execute()
    exe, module = probe.cells[0].outputs[0]["text"].split()
    assert Path(exe) == Path(sys.executable)
    assert Path(module).resolve().is_relative_to(ROOT / "src")


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_when_nothing_is_found(path, kernel_on_this_python):
    # every pipeline stage replaced by a no-op: all frames empty, plots must say so, not fail
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(
        "from reportminer import pipeline\n"
        "for _name in list(pipeline.stages()):\n"
        "    pipeline.register_stage(_name, lambda doc, record: None)"))
    NotebookClient(nb, timeout=300, kernel_name=kernel_on_this_python,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "nothing to plot" in printed
