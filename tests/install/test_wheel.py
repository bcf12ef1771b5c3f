"""The Python package as users install it: the wheel, `pip install .`, the `framekit`
entry point, and the Python test suite against the installed package with the build
directory moved away. Runs the command blocks of docs/install_python.md as written.

The build is the configured build directory FRAMEKIT_BUILD_DIR (default build/release,
relative to the repository), reused by setup.py so that no second full build runs.
"""
import os
import pathlib
import re
import shutil
import struct
import subprocess
import sys
import sysconfig
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "install_python.md"
PY = "/usr/bin/python3"
BUILD_DIR = (ROOT / os.environ.get("FRAMEKIT_BUILD_DIR", "build/release")).resolve()
MOVED_BUILD_DIR = BUILD_DIR.with_name(BUILD_DIR.name + ".moved-by-test_wheel")
EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")
TAG = f"cp{sys.version_info.major}{sys.version_info.minor}"


def cmake_version():
    m = re.search(r"project\(\s*framekit\s+VERSION\s+([0-9.]+)", (ROOT / "CMakeLists.txt").read_text())
    assert m, "CMakeLists.txt has no project(framekit VERSION ...)"
    return m.group(1)


def clean_env(home, **extra):
    """The environment of a user's shell: nothing pointing into the build tree, pip
    offline (a missing dependency fails instead of downloading), HOME a temp dir."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "LD_LIBRARY_PATH", "FRAMEKIT_CLI", "VIRTUAL_ENV",
                        "PYTHONHOME", "PIP_REQUIRE_VIRTUALENV")}
    env.update(HOME=str(home), FRAMEKIT_BUILD_DIR=str(BUILD_DIR), PIP_NO_INDEX="1",
               PIP_NO_CACHE_DIR="1", PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)
    return env


def run(cmd, *, env, cwd, timeout=600, check=True):
    p = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if check:
        assert p.returncode == 0, (f"{cmd} exited {p.returncode}\n--- stdout\n{p.stdout[-4000:]}"
                                   f"\n--- stderr\n{p.stderr[-4000:]}")
    return p


# --- docs/install_python.md ----------------------------------------------------------

def doc_blocks():
    return re.findall(r"```sh\n(.*?)```", DOC.read_text(), flags=re.S)


# Each test runs the block that contains its key; together they run every block.
DOC_BLOCK_KEYS = ("pip install --no-build-isolation .", "pip wheel", "framekit --version")


def doc_block(key):
    found = [b for b in doc_blocks() if key in b]
    assert len(found) == 1, f"docs/install_python.md: {len(found)} ```sh blocks contain {key!r}"
    return found[0]


def run_doc_block(key, home):
    """Runs a documented block with bash, as written: from the source tree, stopping at
    the first failing command."""
    return run(["bash", "-euo", "pipefail", "-c", doc_block(key)], env=clean_env(home), cwd=ROOT)


def test_readme_python_commands_are_run_from_the_doc():
    """README's "### Python" commands are lines of docs/install_python.md's blocks, which
    the tests below run as written."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n### Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "README's Python install section has one ```sh block"
    documented = {line for b in doc_blocks() for line in b.splitlines()}
    lines = [line for line in blocks[0].splitlines() if line.strip()]
    assert len(lines) >= 3
    for line in lines:
        assert line in documented, f"README command not in docs/install_python.md: {line}"


def test_every_doc_block_is_run():
    blocks = doc_blocks()
    assert len(blocks) == len(DOC_BLOCK_KEYS), "a ```sh block of docs/install_python.md runs in no test"
    assert sorted(blocks) == sorted(doc_block(k) for k in DOC_BLOCK_KEYS)


# --- Fixtures --------------------------------------------------------------------------

@pytest.fixture(scope="module", autouse=True)
def _build_dir_is_there():
    # A run killed while the build directory was moved away left it under the other name.
    if MOVED_BUILD_DIR.exists() and not BUILD_DIR.exists():
        MOVED_BUILD_DIR.rename(BUILD_DIR)
    assert (BUILD_DIR / "CMakeCache.txt").exists(), (
        f"no configured build at {BUILD_DIR} (cmake --preset release, or set FRAMEKIT_BUILD_DIR)")


@pytest.fixture
def build_dir_moved():
    """The build directory renamed for the duration of a test: whatever still needs it
    fails. Always put back."""
    assert not MOVED_BUILD_DIR.exists(), f"{MOVED_BUILD_DIR} is in the way"
    BUILD_DIR.rename(MOVED_BUILD_DIR)
    try:
        yield
    finally:
        MOVED_BUILD_DIR.rename(BUILD_DIR)


@pytest.fixture(scope="module")
def wheel_home(tmp_path_factory):
    """HOME after the documented wheel block: ~/wheels/framekit-*.whl built from the
    reused build, installed into ~/venvs/framekit-wheel."""
    home = tmp_path_factory.mktemp("wheel_home")
    run_doc_block("pip wheel", home)
    return home


@pytest.fixture(scope="module")
def wheel(wheel_home):
    found = sorted((wheel_home / "wheels").glob("*.whl"))
    assert len(found) == 1, f"pip wheel made {found}"
    return found[0]


@pytest.fixture(scope="module")
def venv(wheel_home):
    return wheel_home / "venvs" / "framekit-wheel"


def venv_package(venv):
    found = sorted(venv.glob("lib/python3*/site-packages/framekit/__init__.py"))
    assert len(found) == 1, f"framekit is not installed in {venv}: {found}"
    return found[0].parent


# --- The wheel file ---------------------------------------------------------------------

def test_wheel_name_and_metadata(wheel):
    version = cmake_version()
    assert wheel.name == f"framekit-{version}-{TAG}-{TAG}-linux_x86_64.whl"
    with zipfile.ZipFile(wheel) as z:
        info = f"framekit-{version}.dist-info"
        meta = z.read(f"{info}/METADATA").decode()
        wheel_file = z.read(f"{info}/WHEEL").decode()
        entry_points = z.read(f"{info}/entry_points.txt").decode()
    assert "Root-Is-Purelib: false" in wheel_file
    assert f"Tag: {TAG}-{TAG}-linux_x86_64" in wheel_file
    assert "Name: framekit\n" in meta and f"Version: {version}\n" in meta
    assert "Requires-Dist: numpy" in meta and "Requires-Python: >=3.9" in meta
    assert re.search(r"\[console_scripts\]\s*\nframekit = framekit\._cli:main", entry_points)


def test_wheel_file_list(wheel):
    with zipfile.ZipFile(wheel) as z:
        infos = {i.filename: i for i in z.infolist()}
    package = {n for n in infos if n.startswith("framekit/")}
    sources = {f"framekit/{p.name}" for p in (ROOT / "python" / "framekit").glob("*.py")}
    binaries = {f"framekit/_framekit{EXT_SUFFIX}", "framekit/libframekit.so.0", "framekit/bin/framekit"}
    assert binaries <= package, f"missing: {binaries - package}"
    assert sources <= package, f"Python modules missing: {sources - package}"
    assert infos["framekit/bin/framekit"].external_attr >> 16 & 0o111, "the CLI is not executable"
    # The type information that the build generates (python/stubs.cmake).
    stubs = {n for n in package if n.endswith(".pyi")}
    assert "framekit/py.typed" in package, "py.typed is not in the wheel"
    assert stubs, "no .pyi stubs in the wheel"
    built = BUILD_DIR / "python" / "framekit"
    built_stubs = {f"framekit/{p.relative_to(built)}" for p in built.rglob("*.pyi")}
    assert built_stubs <= stubs, f"stubs of the build missing: {built_stubs - stubs}"
    # The bmf compatibility package (docs/bmf.md), inside framekit's directory, and the
    # .pth at the top of site-packages that puts it on sys.path.
    bmf_shim = {f"framekit/bmf_compat/{p.relative_to(ROOT / 'python').as_posix()}"
                for p in (ROOT / "python" / "bmf").rglob("*.py")}
    assert bmf_shim <= package, f"bmf package files missing: {bmf_shim - package}"
    assert "framekit-bmf.pth" in infos
    assert z_text(wheel, "framekit-bmf.pth").splitlines()[-1] == "framekit/bmf_compat"
    top = {n.split("/")[0] for n in infos}
    assert top == {"framekit", "framekit-bmf.pth", f"framekit-{cmake_version()}.dist-info"}, top
    # Nothing else: no namelink, no versioned copy of the library, no caches.
    extra = package - binaries - sources - stubs - bmf_shim - {"framekit/py.typed"}
    assert not extra, f"unexpected files in the wheel: {sorted(extra)}"


def z_text(wheel, name):
    with zipfile.ZipFile(wheel) as z:
        return z.read(name).decode()


def elf_dynamic(path):
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    tags = {}
    for tag, value in re.findall(r"\((\w+)\)\s+[^\[]*\[([^\]]*)\]", out):
        tags.setdefault(tag, []).append(value)
    return out, tags


def test_wheel_binaries_find_libframekit_through_origin(wheel, tmp_path):
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp_path)
    elves = [p for p in tmp_path.rglob("*") if p.is_file() and p.read_bytes()[:4] == b"\x7fELF"]
    names = sorted(str(p.relative_to(tmp_path)) for p in elves)
    assert names == sorted(["framekit/bin/framekit", "framekit/libframekit.so.0",
                            f"framekit/_framekit{EXT_SUFFIX}"])
    expected_runpath = {f"framekit/_framekit{EXT_SUFFIX}": "$ORIGIN",
                        "framekit/bin/framekit": "$ORIGIN/..",
                        "framekit/libframekit.so.0": None}
    for p in elves:
        name = str(p.relative_to(tmp_path))
        out, tags = elf_dynamic(p)
        assert "RPATH" not in tags, f"{name}: DT_RPATH {tags['RPATH']}"
        runpath = tags.get("RUNPATH", [None])[0]
        assert runpath == expected_runpath[name], f"{name}: RUNPATH {runpath}"
        assert str(ROOT) not in out and str(BUILD_DIR) not in out, f"{name} names the build:\n{out}"
        if name != "framekit/libframekit.so.0":
            assert "libframekit.so.0" in tags["NEEDED"], f"{name}: NEEDED {tags['NEEDED']}"
    assert elf_dynamic(tmp_path / "framekit" / "libframekit.so.0")[1]["SONAME"] == ["libframekit.so.0"]


# --- The installed wheel, with the build directory moved away ----------------------------

def test_import_from_the_venv(venv, build_dir_moved, tmp_path):
    p = run([str(venv / "bin" / "python"), "-c",
             "import framekit; print(framekit.__file__); print(framekit.__version__)"],
            env=clean_env(tmp_path), cwd=tmp_path)
    path, version = p.stdout.split()
    assert pathlib.Path(path).is_relative_to(venv), path
    assert version == cmake_version()


def test_installed_bmf_package_steps_aside_for_a_real_bmf(venv, build_dir_moved, tmp_path):
    """framekit's bmf package comes from the wheel (framekit/bmf_compat, through
    framekit-bmf.pth); a BMF installed into the same site-packages wins over it."""
    python = str(venv / "bin" / "python")
    probe = ("import bmf; print(getattr(bmf, '__framekit__', False), "
             "getattr(bmf, 'REAL', False), bmf.__file__)")
    ours = run([python, "-c", probe], env=clean_env(tmp_path), cwd=tmp_path).stdout.split()
    assert ours[:2] == ["True", "False"]
    assert pathlib.Path(ours[2]).is_relative_to(venv_package(venv) / "bmf_compat" / "bmf")
    real = venv_package(venv).parent / "bmf"
    assert not real.exists()
    real.mkdir()
    try:
        (real / "__init__.py").write_text("REAL = True\n")
        found = run([python, "-c", probe], env=clean_env(tmp_path), cwd=tmp_path).stdout.split()
        assert found[:2] == ["False", "True"] and pathlib.Path(found[2]).parent == real
        # The real one comes first on sys.path: framekit's is reached (and can be
        # forced) only when put first, e.g. through PYTHONPATH.
        first = clean_env(tmp_path, PYTHONPATH=str(venv_package(venv) / "bmf_compat"))
        still_real = run([python, "-c", probe], env=first, cwd=tmp_path).stdout.split()
        assert still_real[:2] == ["False", "True"]
        forced = run([python, "-c", probe], env={**first, "FRAMEKIT_BMF": "force"},
                     cwd=tmp_path).stdout.split()
        assert forced[:2] == ["True", "False"]
    finally:
        shutil.rmtree(real)


def test_python_suite_against_the_installed_wheel(venv, build_dir_moved, tmp_path):
    """tests/python, copied out of the source tree (with the docs its doc tests run, the
    C headers test_acl_constants.py compiles against and the scripts it runs), against the package in the venv
    and the `framekit` entry point as the CLI."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "tests" / "python", src / "tests" / "python",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", src / "docs")
    shutil.copytree(ROOT / "include", src / "include")
    shutil.copytree(ROOT / "scripts", src / "scripts")  # bench_cli.py, which a test runs
    shutil.copy(ROOT / "README.md", src / "README.md")
    # One more test in the copied suite: the framekit it imports is the installed one.
    (src / "tests" / "python" / "test_installed_location.py").write_text(
        "import os, pathlib\nimport framekit\n\n"
        "def test_framekit_is_the_installed_one():\n"
        "    assert pathlib.Path(framekit.__file__).is_relative_to(os.environ['EXPECT_VENV'])\n")
    env = clean_env(tmp_path, FRAMEKIT_CLI=str(venv / "bin" / "framekit"), EXPECT_VENV=str(venv))
    p = run([str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
             "tests/python"], env=env, cwd=src, timeout=900)
    summary = p.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and not re.search(r"skipped|xfail|error|failed", summary), summary


def test_entry_point_doc_commands(venv, wheel_home, build_dir_moved):
    for f in ("demo.jpg", "demo_640.png"):
        (wheel_home / f).unlink(missing_ok=True)
    p = run_doc_block("framekit --version", wheel_home)
    assert cmake_version() in p.stdout
    jpg = (wheel_home / "demo.jpg").read_bytes()
    assert jpg[:3] == b"\xff\xd8\xff" and jpg[-2:] == b"\xff\xd9" and len(jpg) > 10000
    png = (wheel_home / "demo_640.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == (640, 360)


@pytest.mark.parametrize("args", [["convert", "no-such-file.png", "-o", "x.png"],
                                  ["--no-such-option"], ["encode"]])
def test_entry_point_keeps_the_exit_status(venv, build_dir_moved, tmp_path, args):
    """The entry point's status, output and messages are the CLI binary's own."""
    env = clean_env(tmp_path)
    shim = run([str(venv / "bin" / "framekit"), *args], env=env, cwd=tmp_path, check=False)
    binary = run([str(venv_package(venv) / "bin" / "framekit"), *args], env=env, cwd=tmp_path,
                 check=False)
    assert shim.returncode != 0 and shim.returncode == binary.returncode, (shim, binary)
    assert shim.stderr.replace(str(venv / "bin" / "framekit"), "framekit") == \
        binary.stderr.replace(str(venv_package(venv) / "bin" / "framekit"), "framekit")
    assert shim.stderr, "the error has no message"


# --- pip install from the source tree ------------------------------------------------------

def test_pip_install_from_source(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    p = run_doc_block("pip install --no-build-isolation .", home)
    venv = home / "venvs" / "framekit"
    version, path = p.stdout.split()[-2:]
    assert version == cmake_version() and pathlib.Path(path).is_relative_to(venv), p.stdout
    package = venv_package(venv)
    for name in (f"_framekit{EXT_SUFFIX}", "libframekit.so.0", "bin/framekit", "py.typed"):
        assert (package / name).is_file(), f"{name} is not installed in {package}"
    # Self-contained: imports and runs with the build directory gone.
    BUILD_DIR.rename(MOVED_BUILD_DIR)
    try:
        p = run([str(venv / "bin" / "python"), "-c",
                 "import framekit, numpy; f = framekit.Frame(64, 32, framekit.PixelInfo(framekit.kPF_RGB24));"
                 "print(f.width(), f.height())"], env=clean_env(home), cwd=home)
        assert p.stdout.split() == ["64", "32"]
        p = run([str(venv / "bin" / "framekit"), "--version"], env=clean_env(home), cwd=home)
        assert cmake_version() in p.stdout
    finally:
        MOVED_BUILD_DIR.rename(BUILD_DIR)
