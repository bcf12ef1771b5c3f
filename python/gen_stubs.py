"""Writes the .pyi stubs and py.typed of the built framekit package (build target
framekit_stubs, see python/stubs.cmake).

    python3 gen_stubs.py PACKAGE_PARENT_DIR

imports framekit from PACKAGE_PARENT_DIR (the built package, not an installed one), runs
mypy's stubgen on it and writes the stubs next to the modules. stubgen (mypy 1.0) gets a
few pybind11 constructs wrong; they are fixed here, each from the runtime object, so the
result follows the bindings:

- static methods (Frame.from_numpy, VideoFrame.make): stubgen reads the docstring of
  the staticmethod wrapper, not of the function, and writes an untyped method;
- signatures with a bare "*" (keyword-only arguments, e.g. Tensor.__dlpack__) and
  functions whose docstring names them differently (bmf_convert is convert): stubgen's
  docstring parser gives up and writes (*args, **kwargs) -> Any;
- classes without a constructor (PixelFormatDesc …): stubgen writes an untyped
  __init__(*args, **kwargs) that would accept any call; it is dropped, so mypy checks
  such calls against object.__init__;
- the native submodule framekit._framekit.img (re-exported as framekit.img) is not
  visited by stubgen: its stub is written as framekit/img.pyi and _framekit.pyi imports
  it from there;
- explicit re-exports of a submodule's names in __init__.py (`from .jpege import
  encode_jpeg as encode_jpeg`) are dropped by stubgen; they are added back;
- acl.py has a computed __all__ (its constants); stubgen either keeps only the __all__
  names (dropping init, rt, util, himpi …) or, without importing, writes no __all__.
  acl.pyi is generated from the source without importing, and the runtime __all__ is
  appended, so `from framekit.acl import *` means the same to mypy as at run time.
Any stubgen error fails the script (and so the build).
"""
from __future__ import annotations

import importlib
import inspect
import os
import re
import sys
import tempfile

PACKAGE = "framekit"
NATIVE = "framekit._framekit"


def run_stubgen(args: list[str]) -> None:
    from mypy.stubgen import main as stubgen_main

    stubgen_main(args)  # raises SystemExit / exceptions on errors


def split_top(text: str) -> list[str]:
    """Splits at commas outside brackets."""
    parts, depth, cur = [], 0, ""
    for c in text:
        if c in "[(":
            depth += 1
        elif c in "])":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += c
    if cur.strip():
        parts.append(cur.strip())
    return parts


def stub_types(text: str, module: str, imports: set[str]) -> str:
    """A pybind11 type name as the stub writes it: this module's prefix stripped, other
    modules imported."""
    text = text.replace(module + ".", "")
    for m in re.findall(r"\b([a-zA-Z_][\w.]*)\.[A-Za-z_]\w*", text):
        if m != "builtins":
            imports.add(m)
    return text


def signatures(doc: str, name: str) -> list[tuple[str, str]]:
    """(parameters, return type) of every pybind11 signature line of `name` in doc."""
    out = []
    for line in doc.splitlines():
        m = re.match(r"^(?:\d+\. )?" + re.escape(name) + r"\((.*)\) -> (.+)$", line.strip())
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def render(name: str, doc: str, doc_name: str, module: str, imports: set[str], *,
           indent: str, static: bool) -> list[str]:
    sigs = signatures(doc, doc_name)
    if not sigs:
        raise SystemExit(f"gen_stubs: no signature for {name} in its docstring: {doc!r}")
    lines = []
    for params, ret in sigs:
        args = []
        for p in split_top(params):
            if p in ("*", "/"):
                args.append(p)
                continue
            m = re.match(r"^(\*{0,2}\w+)(?:: (.+?))?(?: = (.+))?$", p)
            if not m:
                raise SystemExit(f"gen_stubs: cannot read parameter {p!r} of {name}")
            pname, ptype, default = m.groups()
            if pname == "self" and not static:
                args.append("self")
                continue
            text = pname + (": " + stub_types(ptype, module, imports) if ptype else "")
            args.append(text + (" = ..." if default is not None else ""))
        if len(sigs) > 1:
            lines.append(indent + "@overload")
        if static:
            lines.append(indent + "@staticmethod")
        ret_text = stub_types(ret, module, imports)
        lines.append(f"{indent}def {name}({', '.join(args)}) -> {ret_text}: ...")
    return lines


UNTYPED = re.compile(r"^(\s*)def (\w+)\(((?:self, )?)\*args, \*\*kwargs\) -> (Any|None): \.\.\.$")


def fix_native(path: str, native, img_name: str | None) -> None:
    with open(path) as f:
        lines = f.read().splitlines()
    imports: set[str] = set()
    out: list[str] = []
    cls = None
    for line in lines:
        m = re.match(r"^class (\w+)", line)
        if m:
            cls = getattr(native, m.group(1), None)
        elif line and not line.startswith(" "):
            cls = None
        u = UNTYPED.match(line)
        if not u:
            out.append(line)
            continue
        indent, name = u.group(1), u.group(2)
        owner = cls if indent else native
        raw = inspect.getattr_static(owner, name)
        if name == "__init__" and not signatures(getattr(raw, "__doc__", None) or "", name):
            continue  # no constructor bound (see the module docstring)
        static = isinstance(raw, staticmethod)
        func = raw.__func__ if static else raw
        doc_name = getattr(func, "__name__", name)  # bmf_convert is convert
        out.extend(render(name, func.__doc__ or "", doc_name, NATIVE, imports, indent=indent,
                          static=static))
    text = "\n".join(out) + "\n"
    if isinstance(getattr(native, "__version__", None), str) and "__version__" not in text:
        text += "__version__: str\n"  # a dunder: stubgen leaves it out
    if img_name:
        text += f"\nfrom . import {img_name} as {img_name}\n"
    have = set(re.findall(r"^import ([\w.]+)$", text, re.M))
    missing = sorted(m for m in imports - have if m != NATIVE)
    if missing:
        first = text.index("\nimport ") + 1 if "\nimport " in text else 0
        text = text[:first] + "".join(f"import {m}\n" for m in missing) + text[first:]
    # Inside class Tensor, "numpy", "torch" and "slice" are its methods, which shadow the
    # modules and the builtin in annotations: refer to them through private aliases.
    for mod in ("numpy", "torch", "fractions", "types", "typing"):
        if re.search(rf"^import {mod}$", text, re.M):
            text = re.sub(rf"^import {mod}$", f"import {mod} as _{mod}", text, flags=re.M)
            text = re.sub(rf"(?<![\w.]){mod}\.(?=[A-Za-z_])", f"_{mod}.", text)
    if re.search(r"(?<=[\[,])slice(?=[,\]])", text):
        text = re.sub(r"(?<=[\[,])slice(?=[,\]])", "_builtins.slice", text)
        text = "import builtins as _builtins\n" + text
    # pybind11 sets __hash__ = None on classes with __eq__ only; typeshed spells that so.
    text = text.replace("__hash__: ClassVar[None] = ...",
                        "__hash__: ClassVar[None]  # type: ignore[assignment]")
    if "@overload" in text and "import overload" not in text:
        text = "from typing import overload\n" + text
    with open(path, "w") as f:
        f.write(text)


def reexports_missing(source: str, stub: str) -> str:
    """The explicit re-exports of the package's __init__.py (`from .jpege import
    encode_jpeg as encode_jpeg`) that stubgen left out of its stub."""
    out = ""
    with open(source) as f:
        for line in f:
            m = re.match(r"^from (\.\w+) import (\w+) as (\w+)\b", line)
            if m and m.group(2) == m.group(3):
                stmt = f"from {m.group(1)} import {m.group(2)} as {m.group(2)}\n"
                if stmt not in stub:
                    out += stmt
    return out


def main() -> None:
    root = os.path.abspath(sys.argv[1])
    sys.path.insert(0, root)
    pkg = importlib.import_module(PACKAGE)
    if os.path.dirname(os.path.abspath(pkg.__file__)) != os.path.join(root, PACKAGE):
        raise SystemExit(f"gen_stubs: imported {pkg.__file__}, not the package in {root}")
    native = importlib.import_module(NATIVE)
    acl = importlib.import_module(PACKAGE + ".acl")
    pkg_dir = os.path.join(root, PACKAGE)

    with tempfile.TemporaryDirectory() as tmp:
        # The extension module needs importing; the Python modules are read as source.
        run_stubgen(["-q", "-o", tmp, "-m", NATIVE])
        py_modules = sorted(f[:-3] for f in os.listdir(pkg_dir) if f.endswith(".py"))
        src_args = []
        for m in py_modules:
            src_args.append(os.path.join(pkg_dir, m + ".py"))
        run_stubgen(["-q", "--no-import", "-o", tmp] + src_args)

        # The native submodule img, under its public name framekit.img.
        img = native.img
        sys.modules[NATIVE + ".img"] = img
        run_stubgen(["-q", "-o", tmp, "-m", NATIVE + ".img"])
        made = {}
        for dirpath, _, files in os.walk(tmp):
            for f in files:
                if f.endswith(".pyi"):
                    rel = os.path.relpath(os.path.join(dirpath, f), tmp)
                    made[rel.replace(os.sep, "/")] = os.path.join(dirpath, f)

        native_stub = made.pop(f"{PACKAGE}/_framekit.pyi")
        img_stub = made.pop(f"{PACKAGE}/_framekit/img.pyi", None) or made.pop(
            f"{PACKAGE}/_framekit.img.pyi", None)
        if img_stub is None:
            raise SystemExit(f"gen_stubs: stubgen wrote no stub for {NATIVE}.img: {sorted(made)}")
        fix_native(native_stub, native, "img")
        fix_native(img_stub, img, None)
        with open(img_stub) as f:
            img_text = f.read()
        # Names of framekit._framekit inside the img stub: import them from there.
        img_text = img_text.replace("import framekit._framekit\n", "")
        used = sorted(set(re.findall(r"\bframekit\._framekit\.(\w+)", img_text)))
        img_text = re.sub(r"\bframekit\._framekit\.(\w+)", r"\1", img_text)
        if used:
            img_text = f"from ._framekit import {', '.join(used)}\n" + img_text

        outputs = {"_framekit.pyi": open(native_stub).read(), "img.pyi": img_text}
        for m in py_modules:
            key = f"{m}.pyi" if m != "__init__" else "__init__.pyi"
            src = made.get(key) or made.get(f"{PACKAGE}/{key}")
            if src is None:
                raise SystemExit(f"gen_stubs: stubgen wrote no stub for {m}.py: {sorted(made)}")
            text = open(src).read()
            if m == "__init__" and "__version__" not in text:
                text += "from ._framekit import __version__ as __version__\n"
            if m == "__init__":
                text += reexports_missing(os.path.join(pkg_dir, "__init__.py"), text)
            if m == "acl":
                text += "\n__all__ = [\n" + "".join(f"    {n!r},\n" for n in acl.__all__) + "]\n"
            outputs[key] = text

    for name, text in outputs.items():
        path = os.path.join(pkg_dir, name)
        old = open(path).read() if os.path.exists(path) else None
        if old != text:  # unchanged stubs keep their mtime
            with open(path, "w") as f:
                f.write(text)
    with open(os.path.join(pkg_dir, "py.typed"), "w") as f:
        f.write("")  # PEP 561: the package carries its own types


if __name__ == "__main__":
    main()
