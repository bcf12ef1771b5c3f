#!/usr/bin/env python3
"""Checks that the build enforces framekit's layers (see tests/layers/CMakeLists.txt).

check_layers.py probes BUILD_DIR MANIFEST
    Builds every scratch target of MANIFEST in one build run (keep going after
    failures) and asserts: an allowed include compiles; a forbidden one fails, and
    fails because the compiler cannot find the header.
check_layers.py objects MANIFEST
    MANIFEST lines: module, its closure (itself and the modules below it, comma
    separated), its object files. Asserts that every symbol a module's objects
    reference but do not define (nm -u) is defined by a module of its closure, or by
    no module at all (system and third-party libraries).
check_layers.py relative SOURCE_DIR
    Asserts that no library source or header includes a file by a path with "..":
    such an include is found relative to the including file, past the module views.
"""
import re
import subprocess
import sys
from pathlib import Path


def check_probes(build_dir: str, manifest: str) -> int:
    probes = []
    for line in Path(manifest).read_text().splitlines():
        target, module, other, kind, header, allowed = line.split()
        probes.append((target, module, other, kind, header, allowed == "1"))
    if not probes:
        print("no probes in the manifest")
        return 1
    cmd = ["cmake", "--build", build_dir, "--target", *[p[0] for p in probes], "--", "-k", "0"]
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = run.stdout
    # Ninja prints "FAILED: <output>" and then the compiler's messages for that output,
    # up to the next progress line ("[n/m] ...") or the next FAILED.
    blocks = {}
    for m in re.finditer(r"^FAILED: (\S+)[ \t]*\n(.*?)(?=^\[\d+/\d+\]|^FAILED: |^ninja: |\Z)", out,
                         re.S | re.M):
        blocks[m.group(1)] = m.group(2)
    problems = []
    allowed_count = forbidden_count = 0
    for target, module, other, kind, header, allowed in probes:
        failed = [text for path, text in blocks.items() if f"/{target}.dir/" in path]
        what = f"{module} including {kind} header {header} of {other}"
        if allowed:
            allowed_count += 1
            if failed:
                problems.append(f"{what}: must compile, failed:\n{failed[0]}")
        else:
            forbidden_count += 1
            if not failed:
                problems.append(f"{what}: compiled, but {other} is not below {module}")
            elif f"{header}: No such file or directory" not in failed[0]:
                problems.append(f"{what}: failed, but not because the header is hidden:\n"
                                f"{failed[0]}")
    if any(p[5] is False for p in probes) and run.returncode == 0:
        problems.append("the build of the forbidden probes succeeded")
    print(f"{allowed_count} allowed includes compiled, {forbidden_count} forbidden includes "
          f"checked")
    for p in problems:
        print("LAYER PROBLEM:", p)
    if forbidden_count == 0 or allowed_count == 0:
        print("the manifest must hold both allowed and forbidden probes")
        return 1
    return 1 if problems else 0


def nm_symbols(objects: list, *flags: str) -> set:
    """Mangled names that `nm <flags>` lists for the objects (file headers dropped)."""
    run = subprocess.run(["nm", "--format=posix", *flags, *objects], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, check=True)
    names = set()
    for line in run.stdout.splitlines():
        parts = line.split()
        # posix format: "name type [value size]"; file headers end with ":".
        if len(parts) >= 2 and not parts[0].endswith(":"):
            names.add(parts[0])
    return names


def demangle(names: list) -> list:
    run = subprocess.run(["c++filt"], input="\n".join(names), stdout=subprocess.PIPE, text=True)
    return run.stdout.splitlines() if run.returncode == 0 else names


def check_objects(manifest: str) -> int:
    modules = []  # (name, closure, objects), bottom first
    for line in Path(manifest).read_text().splitlines():
        if not line.strip():
            continue
        name, closure, *objects = line.split()
        modules.append((name, set(closure.split(",")), objects))
    if not modules or any(not objects for _, _, objects in modules):
        print("every module needs object files in the manifest (build framekit first)")
        return 1
    missing = [o for _, _, objs in modules for o in objs if not Path(o).is_file()]
    if missing:
        print("object files not built (build framekit first):", *missing[:5])
        return 1
    defined = {name: nm_symbols(objects, "--defined-only") for name, _, objects in modules}
    problems = 0
    checked = 0
    for name, closure, objects in modules:
        undefined = nm_symbols(objects, "--undefined-only") - defined[name]
        checked += len(undefined)
        bad = {}
        for sym in sorted(undefined):
            owners = [m for m, syms in defined.items() if sym in syms]
            if owners and not any(m in closure for m in owners):
                bad[sym] = owners
        if bad:
            problems += len(bad)
            for (sym, owners), pretty in zip(bad.items(), demangle(list(bad))):
                print(f"LAYER PROBLEM: {name} references {pretty}, defined only in "
                      f"{', '.join(owners)} (not below {name})")
    print(f"{len(modules)} modules, {checked} external references checked, "
          f"{problems} against the layers")
    return 1 if problems else 0


def check_relative(source_dir: str) -> int:
    root = Path(source_dir)
    bad = []
    for folder in ("src", "include"):
        for f in sorted((root / folder).rglob("*")):
            if f.suffix not in (".h", ".hpp", ".cpp", ".cc", ".c"):
                continue
            for no, line in enumerate(f.read_text(errors="replace").splitlines(), 1):
                if re.match(r'\s*#\s*include\s*["<][^">]*\.\.[/\\]', line):
                    bad.append(f"{f.relative_to(root)}:{no}: {line.strip()}")
    for b in bad:
        print("relative include:", b)
    print(f"{len(bad)} relative includes in src/ and include/")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "probes":
        sys.exit(check_probes(sys.argv[2], sys.argv[3]))
    if len(sys.argv) == 3 and sys.argv[1] == "objects":
        sys.exit(check_objects(sys.argv[2]))
    if len(sys.argv) == 3 and sys.argv[1] == "relative":
        sys.exit(check_relative(sys.argv[2]))
    print(__doc__)
    sys.exit(2)
