"""Runs the ```python blocks of docs/io.md, each in a fresh namespace, so the documented
framekit.io examples stay true."""
import pathlib
import re

import pytest

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "io.md"


def python_blocks():
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)


def test_doc_has_examples():
    assert len(python_blocks()) >= 2


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_doc_example_runs(index):
    code = compile(python_blocks()[index], f"{DOC.name}[block {index}]", "exec")
    exec(code, {"__name__": "docs_io_md"})  # noqa: S102 - our own documentation
