"""Builds the framekit Python package with CMake (see pyproject.toml).

build_ext configures and builds the CMake project, installs its `python` component in
the self-contained wheel layout (the extension, libframekit.so.0 and the CLI inside the
package, found through $ORIGIN) into a staging directory, and copies the package into
build_lib, from where setuptools makes the wheel or installs it.

Environment:
  FRAMEKIT_BUILD_DIR          an existing configured build directory to build and
                              install from (relative to this directory), e.g.
                              build/release; default build/wheel, configured here.
  CMAKE_BUILD_PARALLEL_LEVEL  build jobs (default 2).
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent
BMF_PTH = "framekit-bmf.pth"


def cmake_project_version():
    """The version of project() in CMakeLists.txt: the one source of the version."""
    text = (ROOT / "CMakeLists.txt").read_text()
    m = re.search(r"^\s*project\(\s*framekit\b[^)]*?\bVERSION\s+([0-9][0-9.]*)", text, re.M)
    if not m:
        raise RuntimeError("CMakeLists.txt: no `project(framekit VERSION x.y.z ...)` found")
    return m.group(1)


def run(cmd, env=None):
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, env=env)


class CMakeBuild(build_ext):
    """Builds the one extension, framekit._framekit, by building the CMake project."""

    def run(self):
        if self.inplace:
            raise RuntimeError("framekit: in-place (editable) builds are not supported; "
                               "use PYTHONPATH=build/release/python for the build tree")
        build_dir = self._configured_build_dir()
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or "2"
        run(["cmake", "--build", build_dir, "-j", jobs, "--target", "framekit_python_package"])

        staging = pathlib.Path(self.build_temp).resolve() / "cmake-install"
        shutil.rmtree(staging, ignore_errors=True)
        env = dict(os.environ, FRAMEKIT_WHEEL_LAYOUT="1")
        env.pop("DESTDIR", None)
        run(["cmake", "--install", build_dir, "--component", "python", "--prefix", staging],
            env=env)

        found = sorted(staging.rglob("framekit/__init__.py"))
        if len(found) != 1:
            raise RuntimeError(f"framekit: expected one installed package under {staging}, "
                               f"found {found}")
        package = found[0].parent
        module = package / pathlib.Path(self.get_ext_filename("_framekit")).name
        if not module.exists():
            built = sorted(p.name for p in package.glob("_framekit*"))
            raise RuntimeError(
                f"framekit: {build_dir} built the extension as {built}, but this Python "
                f"({sys.executable}, {sysconfig.get_config_var('EXT_SUFFIX')}) needs "
                f"{module.name}: configure that build with -DPython_EXECUTABLE={sys.executable}")
        # The CMake install is the whole package (build_py's copies of the .py files
        # included): start from it alone, so nothing stale from an earlier build stays.
        target = pathlib.Path(self.build_lib) / "framekit"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(package, target)
        # The .pth that puts framekit/bmf_compat (the bmf compatibility package) on
        # sys.path goes to the top of site-packages, where site.py reads .pth files.
        shutil.copy2(package.parent / BMF_PTH, pathlib.Path(self.build_lib) / BMF_PTH)

    def _configured_build_dir(self):
        given = os.environ.get("FRAMEKIT_BUILD_DIR")
        if given:
            build_dir = (ROOT / given).resolve()
            if not (build_dir / "CMakeCache.txt").exists():
                raise RuntimeError(f"framekit: FRAMEKIT_BUILD_DIR={given} is not a configured "
                                   f"CMake build directory (no {build_dir}/CMakeCache.txt)")
            return build_dir
        build_dir = ROOT / "build" / "wheel"
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        run(["cmake", "-S", ROOT, "-B", build_dir, *generator,
             "-DCMAKE_BUILD_TYPE=Release",
             "-DFRAMEKIT_BUILD_TESTS=OFF", "-DFRAMEKIT_BUILD_BENCH=OFF",
             "-DFRAMEKIT_BUILD_PYTHON=ON", "-DFRAMEKIT_BUILD_TOOLS=ON",
             f"-DPython_EXECUTABLE={sys.executable}"])
        return build_dir


setup(
    version=cmake_project_version(),
    packages=["framekit"],
    package_dir={"": "python"},
    ext_modules=[Extension("framekit._framekit", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    zip_safe=False,
)
