"""The color path table from Python and from the CLI: framekit.color_paths(),
framekit.color_conversion_path(), `framekit info --paths` and `framekit info --path`."""
import subprocess

import pytest

import framekit as mp
from conftest import CLI


def run_cli(*args, check=True):
    assert CLI.exists(), f"the framekit CLI is not built at {CLI} (build framekit_cli or set FRAMEKIT_CLI)"
    p = subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=60)
    if check and p.returncode != 0:
        raise AssertionError(f"framekit {' '.join(args)} failed: {p.stderr}")
    return p


def format_names():
    return [f.desc.name for f in mp.all_pixel_formats()]


def test_color_paths_lists_the_table_once_with_general_last():
    paths = mp.color_paths()
    names = [name for name, _ in paths]
    assert len(names) == len(set(names)), names
    assert names[-1] == "general"
    for name, description in paths:
        assert name.split(":")[0] in ("repack", "fused", "tensor", "general"), name
        assert description and "\n" not in description


def test_every_format_pair_has_a_listed_path():
    names = {name for name, _ in mp.color_paths()}
    taken = set()
    for s in format_names():
        for d in format_names():
            path = mp.color_conversion_path(s, d)
            assert path in names, (s, d, path)
            taken.add(path)
    # Same format, same labels: nothing but a copy.
    assert all(mp.color_conversion_path(f, f) == "repack:copy" for f in format_names())
    # With default labels every image path but the matrix change is the choice of some pair.
    assert names - taken == {"tensor:as_image", "fused:yuv8_to_tensor", "fused:yuv8_matrix"}, \
        names - taken


def test_labels_take_part_in_the_choice():
    nv12 = mp.PixelInfo("nv12", "bt709", "tv")
    assert mp.color_conversion_path(nv12, mp.PixelInfo("yuv420p", "bt709", "tv")) == "repack:yuv"
    # Another matrix cannot be a repack.
    assert mp.color_conversion_path(nv12, mp.PixelInfo("yuv420p", "bt2020nc", "tv")) != "repack:yuv"
    with pytest.raises(ValueError):
        mp.color_conversion_path("nv12", "no_such_format")


def test_a_matrix_change_between_8_bit_yuv_takes_the_matrix_path():
    src = mp.PixelInfo("nv12", "bt709", "tv")
    assert mp.color_conversion_path(src, mp.PixelInfo("yuv420p", "bt2020nc", "tv")) == "fused:yuv8_matrix"
    # Another chroma grid is no longer that path's business.
    assert mp.color_conversion_path(src, mp.PixelInfo("yuv444p", "bt2020nc", "tv")) == "general"


def test_cli_info_paths_lists_the_table_in_order():
    out = run_cli("info", "--paths").stdout.splitlines()
    listed = [line.split()[0] for line in out[1:] if line.strip()]
    assert listed == [name for name, _ in mp.color_paths()]
    for (name, description), line in zip(mp.color_paths(), out[1:]):
        assert line.split(None, 1)[1] == description


@pytest.mark.parametrize("src,dst", [("nv12", "rgb24"), ("yuv420p", "nv12"), ("p010le", "rgb24"),
                                     ("rgb24", "yuv420p10le"), ("gray", "yuv420p"), ("rgb24", "bgra"),
                                     ("yuyv422", "yuv444p"), ("gbrpf32le", "nv12")])
def test_cli_info_path_names_the_path_python_names(src, dst):
    assert run_cli("info", "--path", src, dst).stdout.strip() == mp.color_conversion_path(src, dst)


def test_cli_info_path_refuses_unknown_formats_and_a_missing_dst():
    p = run_cli("info", "--path", "nv12", "bogus", check=False)
    assert p.returncode != 0 and "bogus" in p.stderr
    p = run_cli("info", "--path", "nv12", check=False)
    assert p.returncode != 0


def test_the_cli_examples_of_docs_convert_md_say_what_they_show():
    import pathlib
    import re
    doc = pathlib.Path(__file__).resolve().parents[2] / "docs" / "convert.md"
    lines = [line for block in re.findall(r"```sh\n(.*?)```", doc.read_text(), flags=re.S)
             for line in block.splitlines() if line.startswith("framekit info --path ")]
    assert lines, "docs/convert.md shows no `framekit info --path` example"
    for line in lines:
        command, expected = (part.strip() for part in line.split("#", 1))
        assert run_cli(*command.split()[1:]).stdout.strip() == expected, line
    assert run_cli("info", "--paths").returncode == 0
