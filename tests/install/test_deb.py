"""The Debian package: `cpack -G DEB` (the README's command), unpacked with `dpkg-deb -x`
into a temporary root. Its files must be the `cmake --install` layout under /usr, its
Depends: the packages of the libraries its ELF files link (worked out here without
dpkg-shlibdeps) plus libdlpack-dev, and the CMake consumer must build against the
unpacked tree."""
import functools
import os
import re
import subprocess
import time

import pytest

from install_helpers import (REPO, build_cmake_consumer, check_consumer_output, clean_env,
                      dynamic_section, elf_files, ldd, need_tool, readme_install_blocks,
                      readme_shell, run)

# Dependencies that the ELF files do not show: the C++ headers include <dlpack/dlpack.h>.
HEADER_DEPENDS = {"libdlpack-dev"}


def deb_commands():
    blocks = [t for lang, t in readme_install_blocks("Debian package") if lang == "sh"]
    assert len(blocks) == 1, "README's Debian section should show one sh block"
    lines = [ln for ln in blocks[0].splitlines() if ln.strip()]
    cpack = [ln for ln in lines if "cpack -G DEB" in ln]
    apt = [ln for ln in lines if ln.startswith("sudo apt install ")]
    assert len(cpack) == 1 and len(apt) == 1, blocks[0]
    return cpack[0], apt[0]


@pytest.fixture(scope="module")
def arch():
    return run([need_tool("dpkg"), "--print-architecture"]).strip()


@pytest.fixture(scope="module")
def deb(build_dir, project_version, arch):
    need_tool("cpack")
    need_tool("dpkg-shlibdeps")
    cpack, _ = deb_commands()
    started = time.time()
    run(readme_shell(cpack, "/unused", build_dir), shell=True, cwd=REPO, env=clean_env())
    path = build_dir / f"framekit_{project_version}_{arch}.deb"
    assert path.is_file(), f"cpack made no {path}"
    assert path.stat().st_mtime >= started - 1, f"{path} is not the one just made"
    return path


@pytest.fixture(scope="module")
def root(deb, tmp_path_factory):
    root = tmp_path_factory.mktemp("debroot")
    run([need_tool("dpkg-deb"), "-x", str(deb), str(root)])
    return root


def tree(base):
    return sorted(str(p.relative_to(base)) for p in base.rglob("*")
                  if p.is_file() or p.is_symlink())


def test_deb_has_the_install_layout_under_usr(root, prefix, built_adapters, project_version):
    files = tree(root / "usr")
    assert files == tree(prefix), "the .deb's /usr differs from `cmake --install`'s prefix"
    assert sorted(os.listdir(root)) == ["usr"]
    # The essentials, wherever GNUInstallDirs put the library directory.
    def one(pattern):
        hits = [f for f in files if re.fullmatch(pattern, f)]
        assert len(hits) == 1, f"{pattern}: {hits}"
        return hits[0]
    so = one(r"lib(/[^/]+)?/libframekit\.so\.0")
    libdir = os.path.dirname(so)
    for adapter in built_adapters:
        one(rf"{libdir}/libframekit_{adapter}\.so\.0")
    one(r"include/framekit/compat/hi_mpi_venc\.h")
    one(r"include/framekit/compat/bmf_include/bmf/sdk/video_frame\.h")
    one(r"include/framekit/compat/bmf_include/hmp/tensor\.h")
    one(rf"{libdir}/cmake/framekit/framekitConfig\.cmake")
    one(rf"{libdir}/pkgconfig/framekit\.pc")
    one(r"bin/framekit")
    assert "prefix=/usr\n" in (root / "usr" / libdir / "pkgconfig/framekit.pc").read_text()
    # The Python package comes with it when the build installs one (component python).
    python = [f for f in tree(prefix) if "/python3" in f and f.endswith("__init__.py")]
    assert all(f in files for f in python)


def test_deb_control_fields(deb, project_version, arch):
    fields = {f: run([need_tool("dpkg-deb"), "-f", str(deb), f]).strip()
              for f in ("Package", "Version", "Architecture", "Maintainer", "Section",
                        "Description")}
    assert fields["Package"] == "framekit"
    assert fields["Version"] == project_version
    assert fields["Architecture"] == arch
    assert re.fullmatch(r".+ <[^@ ]+@[^> ]+>", fields["Maintainer"]), fields["Maintainer"]
    assert fields["Section"] and len(fields["Description"].splitlines()) > 3


def test_deb_declares_its_shared_libraries(deb, built_adapters, project_version, tmp_path):
    """A shlibs file, for dpkg-shlibdeps of packages built against framekit."""
    run([need_tool("dpkg-deb"), "-e", str(deb), str(tmp_path / "DEBIAN")])
    shlibs = set((tmp_path / "DEBIAN/shlibs").read_text().splitlines())
    for lib in ["framekit"] + [f"framekit_{a}" for a in built_adapters]:
        assert f"lib{lib} 0 framekit (>= {project_version})" in shlibs, shlibs


@functools.lru_cache(maxsize=None)
def package_of(path):
    """The installed Debian package that owns `path` (trying its /usr-merged twins)."""
    candidates = [path, os.path.realpath(path)]
    for p in list(candidates):
        candidates.append(p[4:] if p.startswith("/usr/") else "/usr" + p)
    for p in candidates:
        proc = subprocess.run(["dpkg", "-S", p], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
        if proc.returncode == 0:
            owners = proc.stdout.splitlines()[0].rsplit(": ", 1)[0]
            return owners.split(", ")[0].split(":")[0]
    pytest.fail(f"no installed package owns {path}")


def test_deb_depends_on_what_it_links(deb, root):
    """Depends: must name exactly the packages of the libraries the package's ELF files
    link (outside the package itself), plus the headers' dependency."""
    elves = elf_files(root)
    inside = {p.name for p in root.rglob("*.so*")}
    libdirs = sorted({str(p.parent) for p in root.rglob("libframekit.so.0")})
    env = clean_env(LD_LIBRARY_PATH=":".join(libdirs))
    ldconfig = run([need_tool("ldconfig"), "-p"])
    expected = set()
    for elf in elves:
        resolved = ldd(elf, env)
        for soname in dynamic_section(elf).get("NEEDED", []):
            if soname in inside:
                continue
            path = resolved.get(soname)
            if path is None:  # the loader itself shows no "=>" in ldd's output
                m = re.search(rf"^\s*{re.escape(soname)} \([^)]*\) => (\S+)$", ldconfig, flags=re.M)
                assert m, f"{elf.name}: cannot resolve {soname}"
                path = m.group(1)
            expected.add(package_of(path))
    assert {"libc6", "libstdc++6", "libhwy1"} <= expected, expected

    depends = run([need_tool("dpkg-deb"), "-f", str(deb), "Depends"]).strip()
    names = set()
    for item in depends.split(","):
        alternatives = [re.match(r"\s*([a-z0-9.+-]+)", a).group(1) for a in item.split("|")]
        assert len(alternatives) == 1, f"unexpected alternatives in Depends: {item}"
        names.add(alternatives[0])
    # The Python extension's file name says which Python it is for (cpython-3XY): the
    # package must depend on exactly that python3, and on NumPy, which it imports.
    extensions = sorted(root.rglob("_framekit.cpython-*.so"))
    assert len(extensions) == 1, extensions
    m = re.search(r"cpython-(\d)(\d+)-", extensions[0].name)
    major, minor = int(m.group(1)), int(m.group(2))
    python_depends = {f"python3 (>= {major}.{minor})", f"python3 (<< {major}.{minor + 1})",
                      "python3-numpy"}
    non_elf = HEADER_DEPENDS | {"python3", "python3-numpy"}
    assert names == expected | non_elf, \
        f"Depends: {depends}\nmissing: {sorted(expected | non_elf - names)}\n" \
        f"extra: {sorted(names - expected - non_elf)}"
    items = {item.strip() for item in depends.split(",")}
    assert python_depends <= items, f"Depends: {depends}\nexpected {sorted(python_depends)}"
    # dpkg-shlibdeps gives every library package a minimum version.
    for item in items:
        name = item.split()[0]
        if name not in non_elf:
            assert "(>=" in item, item


def test_deb_installs_with_apt_simulated(deb, build_dir):
    """The README's `apt install` command, simulated (nothing is installed): every
    dependency resolves on this machine."""
    _, apt = deb_commands()
    args = readme_shell(apt, "/unused", build_dir).splitlines()[-1].split()[3:]
    out = run("apt-get install --simulate " + " ".join(args), shell=True, cwd=REPO,
              env=clean_env())
    assert re.search(r"^Inst framekit ", out, flags=re.M), out


def test_consumer_builds_against_the_unpacked_deb(root, tmp_path):
    binary, framekit_dir = build_cmake_consumer(root / "usr", tmp_path)
    assert str(framekit_dir).startswith(str(root / "usr")), framekit_dir
    libdir = framekit_dir.parents[1]
    env = clean_env(LD_LIBRARY_PATH=str(libdir))
    resolved = ldd(binary, env)
    for lib in ("libframekit.so.0", "libframekit_ffmpeg.so.0"):
        assert (resolved.get(lib) or "").startswith(str(root)), (lib, resolved)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    assert "consumer: ok" in run([str(binary), str(out_dir)], env=env)
    check_consumer_output(out_dir)
