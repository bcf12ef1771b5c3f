"""Type information of the framekit package: the generated stubs exist for every module,
carry real types, and mypy checks user code against them.

Everything is found from the imported package (framekit.__file__), so the same tests run
against the build tree (PYTHONPATH=build/release/python) and an installed package (a
venv with the wheel). Only the sample scripts in typing/ are taken from next to this file.
"""
import ast
import os
import re
import subprocess
import sys

import pytest

import framekit

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "typing")
PKG_DIR = os.path.dirname(os.path.abspath(framekit.__file__))
# The directory mypy must search to find this framekit (the package's parent).
PKG_ROOT = os.path.dirname(PKG_DIR)

# Every module of the package and its stub: the .py files, the extension and the
# extension's submodule img (re-exported as framekit.img).
MODULES = sorted({f[:-3] for f in os.listdir(PKG_DIR) if f.endswith(".py")} | {"_framekit", "img"})

MYPY_CONFIG = """\
[mypy]
# torch ships its own types; analysing all of them takes a minute on a cold cache, and
# the stubs only name torch.Tensor / torch.dtype.
[mypy-torch.*]
follow_imports = skip
"""


@pytest.fixture(scope="session")
def mypy_env(tmp_path_factory):
    """Config, a cache shared by the session's mypy runs, and the environment that finds
    the imported framekit first."""
    try:
        import mypy  # noqa: F401
    except ImportError:
        pytest.fail("mypy is not installed for %s (Debian package: mypy)" % sys.executable)
    d = tmp_path_factory.mktemp("mypy")
    config = d / "mypy.ini"
    config.write_text(MYPY_CONFIG)
    env = dict(os.environ)
    env.pop("MYPYPATH", None)
    # An installed package is found by mypy in the interpreter's site-packages (given by
    # --python-executable; mypy refuses site-packages on MYPYPATH); a build tree is not.
    if os.path.basename(PKG_ROOT) not in ("site-packages", "dist-packages"):
        env["MYPYPATH"] = PKG_ROOT
    return {"config": str(config), "cache": str(d / "cache"), "env": env, "dir": str(d)}


def run_mypy(mypy_env, script):
    cmd = [sys.executable, "-m", "mypy", "--config-file", mypy_env["config"], "--cache-dir",
           mypy_env["cache"], "--show-error-codes", "--python-executable", sys.executable,
           os.path.join(SAMPLES, script)]
    # cwd outside the source tree: only MYPYPATH or site-packages may supply framekit.
    r = subprocess.run(cmd, env=mypy_env["env"], cwd=mypy_env["dir"], capture_output=True,
                       text=True, timeout=300)
    return r.returncode, r.stdout + r.stderr


def test_stubs_and_py_typed_exist():
    assert os.path.isfile(os.path.join(PKG_DIR, "py.typed")), "py.typed missing in " + PKG_DIR
    missing = [m for m in MODULES if not os.path.isfile(os.path.join(PKG_DIR, m + ".pyi"))]
    assert not missing, "no stub for %s in %s" % (missing, PKG_DIR)
    assert {"__init__", "_framekit", "_tensor_list", "acl", "jpege", "img"} <= set(MODULES)


def _public(name):
    return not name.startswith("_") or (name.startswith("__") and name.endswith("__"))


def _problems(path):
    """Untyped spots in a stub's public API: `handle`, `Incomplete`, unannotated
    parameters or returns."""
    text = open(path).read()
    tree = ast.parse(text, path)
    out = []
    # `handle` as a type (`x: handle`, `-> handle`, `[handle]`), not a method named so
    # (hmp's Stream.handle()).
    for m in re.finditer(r"\b(Incomplete)\b|(?:[:>\[,]\s*)(handle)\b", text):
        out.append("%s:%d: %s" % (os.path.basename(path), text.count("\n", 0, m.start()) + 1,
                                  m.group(1) or m.group(2)))

    def visit(node, public_scope):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, public_scope and _public(child.name))
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if not (public_scope and _public(child.name)):
                    continue
                where = "%s:%d: %s" % (os.path.basename(path), child.lineno, child.name)
                a = child.args
                params = a.posonlyargs + a.args + a.kwonlyargs
                if params and params[0].arg in ("self", "cls") and isinstance(node, ast.ClassDef):
                    params = params[1:]
                params += [p for p in (a.vararg, a.kwarg) if p is not None]
                for p in params:
                    if p.annotation is None:
                        out.append("%s: parameter %s has no type" % (where, p.arg))
                if child.returns is None:
                    out.append("%s: no return type" % where)
            elif isinstance(child, ast.AnnAssign) and isinstance(child.target, ast.Name):
                if re.search(r"\b(handle|Incomplete)\b", ast.unparse(child.annotation)):
                    out.append("%s:%d: %s" % (os.path.basename(path), child.lineno,
                                              child.target.id))

    visit(tree, True)
    return out


def test_stubs_have_real_types():
    problems = []
    for m in MODULES:
        problems += _problems(os.path.join(PKG_DIR, m + ".pyi"))
    assert not problems, "untyped public API in the stubs:\n" + "\n".join(problems)


def test_stub_checker_finds_untyped_spots(tmp_path):
    # The check above must be able to fail: a stub like stubgen's output before the
    # bindings were typed.
    bad = tmp_path / "bad.pyi"
    bad.write_text("from _typeshed import Incomplete\n"
                   "class Frame:\n"
                   "    def reformat(self, pix_info: handle) -> Frame: ...\n"
                   "    def to(self, device) -> Incomplete: ...\n"
                   "def encode(frame, quality: int = ...): ...\n")
    found = _problems(str(bad))
    assert any("handle" in p for p in found), found
    assert any("parameter device" in p for p in found), found
    assert any("parameter frame" in p for p in found), found
    assert any("encode: no return type" in p for p in found), found


def test_mypy_accepts_correct_code(mypy_env):
    code, out = run_mypy(mypy_env, "good.py")
    assert code == 0, "mypy reported errors for correct code:\n" + out
    assert "Success: no issues found" in out, out


def test_mypy_reports_every_error(mypy_env):
    code, out = run_mypy(mypy_env, "bad.py")
    lines = open(os.path.join(SAMPLES, "bad.py")).read().splitlines()
    expected = [i + 1 for i, line in enumerate(lines) if "# ERROR" in line]
    assert len(expected) == 3, expected
    assert code == 1, "mypy exit code %d (expected 1):\n%s" % (code, out)
    reported = sorted({int(n) for n in re.findall(r"bad\.py:(\d+): error", out)})
    assert reported == expected, "errors on lines %s, expected %s:\n%s" % (reported, expected, out)
    assert "Found 3 errors in 1 file" in out, out
    # The errors come from framekit's types, not from an unresolved import.
    assert "import-not-found" not in out and "Cannot find implementation" not in out, out
    assert '"VideoFrame"' in out and '"int"' in out, out


def test_mypy_uses_this_package(mypy_env, tmp_path):
    # reveal_type shows the stubs' types, so mypy resolved framekit (and not to Any).
    script = tmp_path / "reveal.py"
    script.write_text("import framekit as mp\n"
                      "reveal_type(mp.Frame(4, 4, 'gray8').reformat('rgb24').numpy())\n"
                      "reveal_type(mp.Tensor().torch())\n")
    env = mypy_env["env"]
    r = subprocess.run([sys.executable, "-m", "mypy", "--config-file", mypy_env["config"],
                        "--cache-dir", mypy_env["cache"], "--python-executable", sys.executable,
                        str(script)], env=env, cwd=str(tmp_path), capture_output=True, text=True,
                       timeout=300)
    assert 'Revealed type is "numpy.ndarray[Any, Any]"' in r.stdout, r.stdout + r.stderr
    assert r.returncode == 0, r.stdout + r.stderr
