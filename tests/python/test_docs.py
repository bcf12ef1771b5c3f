"""Runs every ```python block of docs/python.md, in order, in one namespace, so the
documented examples stay true."""
import pathlib
import re

import pytest

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "python.md"


def python_blocks():
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)


def test_doc_has_examples():
    assert len(python_blocks()) >= 8


def test_doc_examples_run():
    import torch  # noqa: F401  (not importorskip: a missing torch is a failure)
    namespace = {"__name__": "docs_python_md"}
    for i, block in enumerate(python_blocks()):
        code = compile(block, f"{DOC.name}[block {i}]", "exec")
        exec(code, namespace)  # noqa: S102 - our own documentation


README = DOC.parents[1] / "README.md"


def test_readme_python_example_runs():
    """The README's Python example is run as written."""
    import torch  # noqa: F401  (not importorskip: a missing torch is a failure)
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "README.md has no python example"
    namespace = {"__name__": "readme"}
    for i, block in enumerate(blocks):
        exec(compile(block, f"README.md[block {i}]", "exec"), namespace)  # noqa: S102
    assert namespace["small"].width == 320 and namespace["small"].height == 240
    assert len(namespace["jpgs"]) == 4 and all(j[:2] == b"\xff\xd8" for j in namespace["jpgs"])
