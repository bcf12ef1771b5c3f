"""`cmake --install` into a temporary prefix, then what C and C++ consumers do with it:
the file list, SONAMEs and RUNPATHs, the CLI from a moved prefix, a CMake consumer
(find_package with the ffmpeg component), the same consumer and a plain C program built
with pkg-config alone. The commands are the README's (see conftest.py)."""
import filecmp
from pathlib import Path
import os
import re
import shutil
import subprocess

import pytest

from install_helpers import (CONSUMER, CONSUMER_C, REPO, check_consumer_output, clean_env,
                      dynamic_section, elf_files, ldd, need_tool, readme_install_blocks,
                      readme_shell, run)


@pytest.fixture(scope="module")
def libdir(build_dir):
    m = re.search(r"^CMAKE_INSTALL_LIBDIR:PATH=(.*)$", (build_dir / "CMakeCache.txt").read_text(),
                  flags=re.M)
    assert m, "CMakeCache.txt has no CMAKE_INSTALL_LIBDIR (GNUInstallDirs not included?)"
    return m.group(1)


def check_shared_library(lib_dir, name, version):
    """lib<name>.so.<version> with SONAME lib<name>.so.0, and the SONAME and namelink
    symlinks."""
    real = lib_dir / f"lib{name}.so.{version}"
    assert real.is_file() and not real.is_symlink(), f"{real} missing"
    assert dynamic_section(real).get("SONAME") == [f"lib{name}.so.0"]
    assert os.readlink(lib_dir / f"lib{name}.so.0") == real.name
    assert os.readlink(lib_dir / f"lib{name}.so") == f"lib{name}.so.0"


def test_installed_files(prefix, libdir, built_adapters, project_version):
    lib = prefix / libdir
    assert "ffmpeg" in built_adapters, "the build has no framekit_ffmpeg (libavutil-dev missing?)"
    check_shared_library(lib, "framekit", project_version)
    for adapter in built_adapters:
        check_shared_library(lib, f"framekit_{adapter}", project_version)
    installed_adapters = sorted(re.match(r"libframekit_(\w+)\.so", p.name).group(1)
                                for p in lib.glob(f"libframekit_*.so.{project_version}"))
    assert installed_adapters == built_adapters

    # Every public header, unchanged: framekit/** with compat/*.h in include/; BMF's
    # header paths (bmf/sdk, hmp) apart, under include/framekit/compat/bmf_include, so
    # they never shadow a real BMF's, with the generated config.h files beside them.
    bmf_dir = Path("framekit/compat/bmf_include")
    headers = sorted(p.relative_to(REPO / "include") for p in (REPO / "include").rglob("*")
                     if p.suffix in (".h", ".hpp"))
    assert len(headers) > 40
    expected = []
    for rel in headers:
        dest = rel if rel.parts[0] == "framekit" else bmf_dir / rel
        assert filecmp.cmp(REPO / "include" / rel, prefix / "include" / dest, shallow=False), rel
        expected.append(dest)
    expected += [bmf_dir / "bmf/sdk/config.h", bmf_dir / "hmp/config.h"]
    installed_headers = sorted(p.relative_to(prefix / "include")
                               for p in (prefix / "include").rglob("*") if p.is_file())
    assert installed_headers == sorted(expected)
    assert (prefix / "include/framekit/compat/hi_mpi_venc.h").is_file()
    assert not (prefix / "include/bmf").exists() and not (prefix / "include/hmp").exists()
    assert len(list((prefix / "include" / bmf_dir / "bmf/sdk").glob("*.h"))) >= 8
    assert "#define BMF_ENABLE_FFMPEG 1" in (prefix / "include" / bmf_dir / "bmf/sdk/config.h").read_text()

    cmake_dir = lib / "cmake" / "framekit"
    for f in ["framekitConfig.cmake", "framekitConfigVersion.cmake", "framekitTargets.cmake"] + \
             ["framekit_bmf_compatTargets.cmake"] + \
             [f"framekit_{a}Targets.cmake" for a in built_adapters]:
        assert (cmake_dir / f).is_file(), f"{cmake_dir / f} missing"
    pcs = sorted(p.name for p in (lib / "pkgconfig").glob("*.pc"))
    assert pcs == sorted(["framekit.pc", "framekit-bmf.pc"] +
                         [f"framekit-{a}.pc" for a in built_adapters])
    bmf_pc = (lib / "pkgconfig/framekit-bmf.pc").read_text()
    assert "Cflags: -I${includedir} -I${includedir}/framekit/compat/bmf_include" in bmf_pc
    cli = prefix / "bin" / "framekit"
    assert cli.is_file() and os.access(cli, os.X_OK)

    # The library's interface is the installed headers alone: <dlpack/dlpack.h> is
    # looked up by framekitConfig.cmake on the consumer's machine.
    targets = (cmake_dir / "framekitTargets.cmake").read_text()
    assert 'INTERFACE_INCLUDE_DIRECTORIES "${_IMPORT_PREFIX}/include"\n' in targets
    # Nothing in the installed text files points into the source or build tree.
    for path in list(cmake_dir.iterdir()) + list((lib / "pkgconfig").iterdir()):
        assert str(REPO) not in path.read_text(), f"{path} names the source/build tree"


def test_runpaths_are_origin_relative(prefix, libdir, build_dir, built_adapters):
    elves = elf_files(prefix)
    assert len(elves) >= 2 + len(built_adapters)
    for elf in elves:
        tags = dynamic_section(elf)
        assert "RPATH" not in tags, f"{elf} has a DT_RPATH (not overridable): {tags['RPATH']}"
        for runpath in tags.get("RUNPATH", []):
            for entry in runpath.split(":"):
                assert entry.startswith("$ORIGIN"), f"{elf}: RUNPATH entry {entry!r}"
                assert str(build_dir) not in entry and str(REPO) not in entry
    bin_to_lib = os.path.relpath(prefix / libdir, prefix / "bin")
    assert dynamic_section(prefix / "bin/framekit").get("RUNPATH") == [f"$ORIGIN/{bin_to_lib}"]
    for adapter in built_adapters:
        lib = prefix / libdir / f"libframekit_{adapter}.so.0"
        assert dynamic_section(lib).get("RUNPATH") == ["$ORIGIN"], lib


def test_cli_runs_from_a_moved_prefix(prefix, libdir, build_dir, project_version, tmp_path):
    """A copy of the prefix elsewhere works: nothing refers to where it was installed,
    nor to the build tree."""
    moved = tmp_path / "moved"
    shutil.copytree(prefix, moved, symlinks=True)
    cli = moved / "bin" / "framekit"
    env = clean_env()
    resolved = ldd(cli, env)
    assert resolved.get("libframekit.so.0") is not None, f"libframekit.so.0 not found: {resolved}"
    assert os.path.realpath(resolved["libframekit.so.0"]) == \
        os.path.realpath(moved / libdir / f"libframekit.so.{project_version}")
    for name, path in resolved.items():
        assert path is not None, f"{name} not found"
        assert str(build_dir) not in path and str(prefix) not in path, (name, path)

    assert project_version in run([str(cli), "--version"], env=env, cwd=tmp_path)
    out = run([str(cli), "encode", "--builtin", "-o", str(tmp_path / "scene.jpg")], env=env,
              cwd=tmp_path)
    data = (tmp_path / "scene.jpg").read_bytes()
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9" and len(data) > 10000, out


def copy_consumers(work):
    """The consumers at the same relative paths as in the repository, for the README's
    commands."""
    shutil.copytree(CONSUMER, work / "tests/install/consumer")
    shutil.copytree(CONSUMER_C, work / "tests/install/consumer_c")


def test_cmake_consumer(prefix, libdir, tmp_path):
    blocks = readme_install_blocks("C++ with CMake")
    snippet = [t for lang, t in blocks if lang == "cmake"]
    assert len(snippet) == 1, "README's C++ section should show one cmake block"
    assert snippet[0] in (CONSUMER / "CMakeLists.txt").read_text(), \
        "README's CMake snippet is not tests/install/consumer/CMakeLists.txt's"
    build = [t for lang, t in blocks if lang == "sh" and "CMAKE_PREFIX_PATH" in t]
    assert len(build) == 1

    copy_consumers(tmp_path)
    out = run(readme_shell(build[0], prefix, "unused"), shell=True, cwd=tmp_path,
              env=clean_env(CMAKE_FIND_USE_PACKAGE_REGISTRY="OFF"))
    assert "consumer: ok" in out
    cache = (tmp_path / "build/consumer/CMakeCache.txt").read_text()
    assert f"framekit_DIR:PATH={prefix / libdir / 'cmake/framekit'}\n" in cache
    resolved = ldd(tmp_path / "build/consumer/consumer")
    for lib in ("libframekit.so.0", "libframekit_ffmpeg.so.0"):
        assert resolved.get(lib) and resolved[lib].startswith(str(prefix)), (lib, resolved)
    check_consumer_output(tmp_path)


FIND_CASES = {
    "unknown component": ("find_package(framekit REQUIRED COMPONENTS nosuch)", False,
                          ["framekit component 'nosuch' is not available",
                           "was built with the adapters: {built} (the components are"]),
    "too new a version": ("find_package(framekit 99.0 REQUIRED)", False,
                          ["compatible with requested version \"99.0\""]),
    "next minor version": ("find_package(framekit 0.99 REQUIRED)", False,
                           ["compatible with requested version \"0.99\""]),
    "core only": ("find_package(framekit 0.1 REQUIRED)", True,
                  ["framekit::framekit=1 framekit::ffmpeg=0"]),
    "optional component": ("find_package(framekit REQUIRED OPTIONAL_COMPONENTS nosuch ffmpeg)",
                           True, ["framekit::framekit=1 framekit::ffmpeg=1 nosuch_FOUND=FALSE"]),
}


@pytest.mark.parametrize("case", sorted(FIND_CASES))
def test_find_package(prefix, tmp_path, built_adapters, case):
    call, succeeds, expected = FIND_CASES[case]
    (tmp_path / "CMakeLists.txt").write_text(f"""cmake_minimum_required(VERSION 3.22)
project(find_test LANGUAGES CXX)
{call}
set(core 0)
set(ffmpeg 0)
if(TARGET framekit::framekit)
  set(core 1)
endif()
if(TARGET framekit::ffmpeg)
  set(ffmpeg 1)
endif()
message(STATUS "framekit::framekit=${{core}} framekit::ffmpeg=${{ffmpeg}} nosuch_FOUND=${{framekit_nosuch_FOUND}}")
""")
    need_tool("cmake")
    proc = subprocess.run(["cmake", "-S", str(tmp_path), "-B", str(tmp_path / "b"),
                           f"-DCMAKE_PREFIX_PATH={prefix}"], env=clean_env(),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
    assert (proc.returncode == 0) == succeeds, proc.stdout
    flat = " ".join(proc.stdout.split())
    for text in expected:
        text = text.format(built=", ".join(built_adapters))
        assert text in flat, proc.stdout


def test_pkg_config_consumers(prefix, libdir, tmp_path):
    """The README's pkg-config commands: the C++ consumer with framekit and
    framekit-ffmpeg, the plain C program with framekit alone."""
    need_tool("pkg-config")
    env = clean_env(PKG_CONFIG_PATH=str(prefix / libdir / "pkgconfig"))
    pc = run(["pkg-config", "--cflags", "--libs", "framekit"], env=env)
    assert f"-I{prefix}/include" in pc and f"-L{prefix / libdir}" in pc and "-lframekit" in pc
    assert str(REPO) not in pc
    assert run(["pkg-config", "--modversion", "framekit"], env=env).strip() != ""

    blocks = [t for lang, t in readme_install_blocks("pkg-config") if lang == "sh"]
    assert len(blocks) == 1
    copy_consumers(tmp_path)
    out = run(readme_shell(blocks[0], prefix, "unused"), shell=True, cwd=tmp_path, env=clean_env())
    assert "consumer: ok" in out and "jpege: 64x48 NV12 ->" in out
    check_consumer_output(tmp_path)
    jpg = (tmp_path / "c.jpg").read_bytes()
    assert jpg[:2] == b"\xff\xd8" and jpg[-2:] == b"\xff\xd9"
    header = run([need_tool("djpeg"), "-pnm", "-outfile", str(tmp_path / "c.pnm"),
                  str(tmp_path / "c.jpg")])
    assert not header and (tmp_path / "c.pnm").read_bytes().split(maxsplit=3)[1:3] == [b"64", b"48"]


def test_c_abi_headers_compile_strictly(prefix, libdir, tmp_path):
    """The installed C headers as a C11 program sees them, warnings as errors."""
    env = clean_env(PKG_CONFIG_PATH=str(prefix / libdir / "pkgconfig"))
    flags = run(["pkg-config", "--cflags", "--libs", "framekit"], env=env).split()
    exe = tmp_path / "jpege"
    run([need_tool("gcc"), "-std=c11", "-Wall", "-Wextra", "-Werror", "-Wstrict-prototypes",
         str(CONSUMER_C / "jpege.c"), *flags, "-o", str(exe)], env=env)
    out = run([str(exe), str(tmp_path / "x.jpg")],
              env=clean_env(LD_LIBRARY_PATH=str(prefix / libdir)))
    assert "jpege: 64x48" in out
    assert ldd(exe, clean_env(LD_LIBRARY_PATH=str(prefix / libdir)))["libframekit.so.0"] \
        .startswith(str(prefix))


def test_bmf_header_paths_come_only_with_framekit_bmf(prefix, libdir, tmp_path):
    """BMF's <hmp/...> and <bmf/sdk/...> paths compile from the installed prefix through
    `pkg-config framekit-bmf`, and framekit's own flags do not reach them (so a real BMF
    elsewhere on the include path is never shadowed by framekit's)."""
    env = clean_env(PKG_CONFIG_PATH=str(prefix / libdir / "pkgconfig"))
    src = tmp_path / "bmf_paths.cpp"
    src.write_text("#include <hmp/imgproc.h>\n#include <bmf/sdk/video_frame.h>\n"
                   "int main() { auto vf = bmf_sdk::VideoFrame::make(4, 2, "
                   "hmp::PixelInfo(hmp::PF_NV12, hmp::ColorModel(hmp::CS_BT709)));\n"
                   "  return vf.dtype() == hmp::kUInt8 && vf.device() == hmp::kCPU ? 0 : 1; }\n")
    cxx = [need_tool("g++"), "-std=c++20", "-fsyntax-only", str(src)]
    bmf = run(["pkg-config", "--cflags", "framekit-bmf"], env=env).split()
    assert f"-I{prefix}/include/framekit/compat/bmf_include" in bmf
    run(cxx + bmf, env=env)
    plain = run(["pkg-config", "--cflags", "framekit"], env=env).split()
    proc = subprocess.run(cxx + plain, env=env, capture_output=True, text=True)
    assert proc.returncode != 0 and "hmp/imgproc.h" in proc.stderr


def test_components_split_runtime_from_development(build_dir, prefix, tmp_path):
    """`runtime` is what programs need to run (libraries with their SONAME links, the
    CLI); `development` the rest of the C/C++ install (headers, namelinks, CMake and
    pkg-config files). Together with `python` they are the whole install."""
    parts = {}
    for component in ("runtime", "development", "python"):
        dest = tmp_path / component
        run(["cmake", "--install", str(build_dir), "--prefix", str(dest), "--component",
             component], env=clean_env())
        parts[component] = {str(p.relative_to(dest)) for p in dest.rglob("*")
                            if p.is_file() or p.is_symlink()} if dest.exists() else set()
    runtime, development = parts["runtime"], parts["development"]
    assert "bin/framekit" in runtime
    assert all(re.search(r"(^bin/framekit|\.so\.\d+(\.\d+\.\d+)?)$", f) for f in runtime), runtime
    assert not any(f.startswith("include/") or f.endswith((".so", ".pc", ".cmake"))
                   for f in runtime), runtime
    assert any(f.startswith("include/framekit/") for f in development)
    assert all(re.search(r"^include/|\.so$|\.pc$|\.cmake$", f) for f in development), development
    whole = {str(p.relative_to(prefix)) for p in prefix.rglob("*") if p.is_file() or p.is_symlink()}
    assert runtime | development | parts["python"] == whole
    assert not runtime & development


def test_python_component_carries_the_bmf_package(prefix, tmp_path):
    """The bmf compatibility package (docs/bmf.md) is installed inside framekit's
    directory and found through framekit-bmf.pth, which site.py reads in a site dir."""
    pths = sorted(prefix.rglob("framekit-bmf.pth"))
    assert len(pths) == 1, pths
    site = pths[0].parent
    assert (site / "framekit" / "__init__.py").is_file()
    shim = site / "framekit" / "bmf_compat" / "bmf"
    sources = {p.relative_to(REPO / "python" / "bmf") for p in (REPO / "python" / "bmf").rglob("*.py")}
    assert sources == {p.relative_to(shim) for p in shim.rglob("*.py")}
    # site.addsitedir is what site.py does for site-packages: the .pth's entry follows.
    code = ("import site, sys; site.addsitedir(sys.argv[1]); "
            "print(sys.path.index(sys.argv[1]) < sys.path.index(sys.argv[2]))")
    p = subprocess.run(["/usr/bin/python3", "-c", code, str(site), str(shim.parent)],
                       capture_output=True, text=True, env=clean_env(), cwd=tmp_path)
    assert p.returncode == 0 and p.stdout.strip() == "True", p.stderr
