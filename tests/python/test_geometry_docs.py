"""Runs the ```python blocks of docs/geometry.md, each in a fresh namespace, so the
documented resize examples stay true."""
import pathlib
import re

import pytest

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "geometry.md"


def python_blocks():
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)


def test_doc_has_examples():
    assert len(python_blocks()) >= 1


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_doc_example_runs(index):
    code = compile(python_blocks()[index], f"{DOC.name}[block {index}]", "exec")
    exec(code, {"__name__": "docs_geometry_md"})  # noqa: S102 - our own documentation
