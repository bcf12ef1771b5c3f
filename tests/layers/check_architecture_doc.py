"""docs/architecture.md stays true: every repository path it names exists (globs match
something, `<module>` stands for some module folder, brace lists expand), and every
module of the build's layer list is in its layer diagram."""
import itertools
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
TOP = ("include/", "src/", "tests/", "python/", "tools/", "bench/", "scripts/", "docs/")


def _modules():
    cmake = (ROOT / "src" / "CMakeLists.txt").read_text()
    return re.findall(r"^framekit_module\((\w+)", cmake, re.M)


def _expand(path):
    """src/color/color_paths.{h,cpp} -> both (each must exist)."""
    m = re.search(r"\{([^}]*)\}", path)
    if m:
        return list(itertools.chain.from_iterable(
            _expand(path[:m.start()] + alt + path[m.end():]) for alt in m.group(1).split(",")))
    return [path]


def _exists(path):
    """A path, a glob that matches something, or with <module>: so for some module."""
    if "<module>" in path:
        return any(_exists(path.replace("<module>", mod, 1)) for mod in _modules())
    base = ROOT / "tests" if path.startswith("testing/") else ROOT
    return bool(list(base.glob(path))) if "*" in path else (base / path).exists()


def _named_paths():
    text = re.sub(r"```.*?```", "", DOC.read_text(), flags=re.S)
    spans = re.findall(r"`([^`\n]+)`", text)
    paths = []
    for span in spans:
        for token in re.split(r"[\s\"]+", span):
            if token.startswith(TOP) or token.startswith("testing/"):
                paths.append(token.rstrip(",;:"))
    return paths


def test_every_path_the_architecture_page_names_exists():
    paths = _named_paths()
    assert len(paths) > 30, paths  # the page names its places
    missing = [named for named in paths
               if re.search(r"/x\.h$", named) is None  # "testing/x.h": any helper
               and not all(_exists(p) for p in _expand(named))]
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"


def test_the_layer_diagram_has_every_module():
    text = DOC.read_text()
    diagram = text.split("## The layers", 1)[1].split("```", 2)[1]
    for module in _modules():
        assert re.search(rf"\b{module}/", diagram), f"{module} is missing from the diagram"


if __name__ == "__main__":
    # A ctest of the source tree (tests/layers/CMakeLists.txt), not of the installed
    # package: the Python suite runs against installs that have no src/ or docs/.
    test_every_path_the_architecture_page_names_exists()
    test_the_layer_diagram_has_every_module()
    print("docs/architecture.md: every named path exists, every module is in the diagram")
