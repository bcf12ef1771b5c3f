"""Shared fixtures of the installation tests (C/C++ consumers, the Debian package).

Run from the repository root after the release build:
    FRAMEKIT_BUILD_DIR=build/release /usr/bin/python3 -m pytest -q tests/install

FRAMEKIT_BUILD_DIR names the configured and built build directory (default
build/release). A missing build directory or tool fails the tests, naming it.

The install commands are the README's: its "## Install" section is parsed, and its
shell blocks are run with /opt/framekit replaced by a temporary prefix and build/release
by FRAMEKIT_BUILD_DIR, so the README cannot drift from what is tested.
"""
import os
import pathlib
import re

import pytest

from install_helpers import REPO, clean_env, need_tool, readme_install_blocks, readme_shell, run


@pytest.fixture(scope="session")
def build_dir():
    path = pathlib.Path(os.environ.get("FRAMEKIT_BUILD_DIR", REPO / "build" / "release"))
    if not path.is_absolute():  # relative to the repository, as tests/install/test_wheel.py
        path = (REPO / path).resolve()
    if not (path / "CMakeCache.txt").is_file():
        pytest.fail(f"FRAMEKIT_BUILD_DIR={path} is not a configured build directory (no "
                    "CMakeCache.txt): run `cmake --preset release && cmake --build --preset "
                    "release` first, or point FRAMEKIT_BUILD_DIR at the build")
    return path


@pytest.fixture(scope="session")
def project_version(build_dir):
    m = re.search(r"^CMAKE_PROJECT_VERSION:STATIC=(\S+)$", (build_dir / "CMakeCache.txt").read_text(),
                  flags=re.M)
    assert m, "CMakeCache.txt has no CMAKE_PROJECT_VERSION"
    return m.group(1)


@pytest.fixture(scope="session")
def built_adapters(build_dir):
    """The adapters the build made (ffmpeg, opencv, torch), from the build tree itself."""
    names = set()
    for lib in build_dir.rglob("libframekit_*.so.*.*.*"):
        if "_CPack_Packages" not in lib.parts:
            names.add(re.match(r"libframekit_(\w+)\.so", lib.name).group(1))
    return sorted(names)


@pytest.fixture(scope="session")
def prefix(build_dir, tmp_path_factory):
    """A temporary prefix that the README's `cmake --install` command filled."""
    need_tool("cmake")
    blocks = [t for lang, t in readme_install_blocks("C++ with CMake") if lang == "sh"]
    install = [b for b in blocks if "cmake --install" in b]
    assert install, "README's C++ section shows no `cmake --install` command"
    prefix = tmp_path_factory.mktemp("prefix")
    run(readme_shell(install[0], prefix, build_dir), shell=True, cwd=REPO, env=clean_env())
    return prefix
