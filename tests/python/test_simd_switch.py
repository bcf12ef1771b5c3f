"""The one process-wide SIMD switch: framekit.set_simd_target / simd_target /
available_simd_targets, and the FRAMEKIT_SIMD environment variable read at start-up."""
import os
import subprocess
import sys

import numpy as np
import pytest

import framekit as mp
from conftest import CLI  # FRAMEKIT_CLI, else the CLI built next to the package

I420 = mp.PixelInfo(mp.kPF_YUV420P, mp.kCS_BT709, mp.kCR_JPEG)


@pytest.fixture
def restore_auto():
    yield
    mp.set_simd_target("auto")


def _round_trip():
    """RGB → I420 → RGB through the fused color kernels."""
    yy, xx = np.mgrid[0:37, 0:131]
    rgb = np.stack([xx * 2, yy * 7, 255 - xx - yy * 3], -1).clip(0, 255).astype(np.uint8)
    planes = mp.img.rgb_to_yuv(mp.from_numpy(rgb), I420, mp.kNHWC)
    back = mp.img.yuv_to_rgb(planes, I420, mp.kNHWC).numpy()
    return [p.numpy().copy() for p in planes], back


def test_targets_list_the_cpu_s_simd_targets_then_scalar():
    targets = mp.available_simd_targets()
    assert isinstance(targets, list) and all(isinstance(t, str) for t in targets)
    assert len(targets) >= 2
    assert targets[-1] == "scalar"
    assert all(t == t.lower() for t in targets)


def test_forcing_changes_the_running_target_not_the_bytes(restore_auto):
    mp.set_simd_target("scalar")
    assert mp.simd_target() == "scalar"
    want_planes, want_rgb = _round_trip()
    for target in mp.available_simd_targets():
        mp.set_simd_target(target.upper())  # any letter case
        assert mp.simd_target() == target
        planes, rgb = _round_trip()
        assert np.array_equal(rgb, want_rgb), target
        for p, w in zip(planes, want_planes):
            assert np.array_equal(p, w), target
    mp.set_simd_target("auto")
    assert mp.simd_target() == mp.available_simd_targets()[0]


def test_unknown_targets_are_refused(restore_auto):
    before = mp.simd_target()
    for bad in ("avx9", "neon", ""):
        with pytest.raises(ValueError, match="not a SIMD target") as e:
            mp.set_simd_target(bad)
        assert isinstance(e.value, mp.InvalidArgument)
        assert "scalar" in str(e.value)  # the choices are listed
    assert mp.simd_target() == before


def _run_with_env(value, code):
    env = dict(os.environ, FRAMEKIT_SIMD=value)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=120)


def test_environment_variable_forces_scalar_and_targets():
    code = "import framekit as mp; print(mp.simd_target())"
    for value in ("scalar", mp.available_simd_targets()[-2], "auto"):
        run = _run_with_env(value, code)
        assert run.returncode == 0, run.stderr
        want = mp.available_simd_targets()[0] if value == "auto" else value
        assert run.stdout.strip() == want


def test_environment_variable_with_an_unknown_target_is_a_clear_error():
    code = ("import framekit as mp\n"
            "try:\n"
            "    mp.simd_target()\n"
            "except ValueError as e:\n"
            "    print('refused:', e)\n")
    run = _run_with_env("avx9", code)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("refused:")
    assert "FRAMEKIT_SIMD='avx9'" in run.stdout


def test_cli_info_names_the_targets_and_the_one_running():
    assert CLI.exists(), CLI
    targets = mp.available_simd_targets()

    def info_line(value):
        env = dict(os.environ)
        env.pop("FRAMEKIT_SIMD", None)
        if value is not None:
            env["FRAMEKIT_SIMD"] = value
        out = subprocess.run([str(CLI), "info"], env=env, capture_output=True, text=True,
                             timeout=60, check=True).stdout
        return next(line for line in out.splitlines() if line.startswith("simd targets"))

    assert info_line(None) == (f"simd targets (best first): {' '.join(targets)}; "
                               f"running: {targets[0]}")
    assert info_line("scalar").endswith("; running: scalar")
    assert info_line(targets[1].upper()).endswith(f"; running: {targets[1]}")
