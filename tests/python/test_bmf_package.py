"""framekit's `bmf` compatibility package: BMF's module names, hmp's module-level names
and defaults, and how it steps aside for a real BMF (docs/bmf.md)."""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest

import framekit as fk

import bmf
import bmf.hml.hmp as mp
from bmf.lib._bmf import sdk

PY = "/usr/bin/python3"


def test_is_framekit_s_package():
    assert bmf.__framekit__ is True and mp.__backend__ == "framekit"
    assert mp.__version__ == fk.__version__ == bmf.__version__


def test_module_aliases_are_one_module():
    import bmf.hmp
    import bmf.lib._hmp
    assert mp is bmf.hmp is bmf.lib._hmp is bmf.mp is bmf.hml.hmp
    assert sys.modules["bmf.hml.hmp"] is sys.modules["bmf.lib._hmp"] is mp
    # BMF's classes are framekit's own, not copies.
    from bmf import MediaDesc, VideoFrame, bmf_convert
    assert VideoFrame is sdk.VideoFrame is fk.VideoFrame
    assert MediaDesc is fk.MediaDesc
    # bmf_convert is framekit's with hmp's YUV->RGB defaults (test_img_bmf.py).
    assert bmf_convert is sdk.bmf_convert is not fk.bmf_convert
    assert mp.Tensor is fk.Tensor and mp.Frame is fk.Frame
    # mp.img is framekit's, but for yuv_to_rgb's BMF defaults (test_img_bmf.py).
    assert mp.img.resize is fk.img.resize and mp.img.normalize is fk.img.normalize
    assert mp.img.yuv_to_rgb is not fk.img.yuv_to_rgb


def test_star_import_gives_what_bmf_s_does():
    namespace = {}
    exec("from bmf import *", namespace)  # noqa: S102
    assert namespace["mp"] is mp and namespace["VideoFrame"] is fk.VideoFrame
    assert {"MediaDesc", "MediaType", "bmf_convert", "AudioFrame", "Packet"} <= set(namespace)


def test_dtype_names_match_numpy():
    names = {"uint8": np.uint8, "int8": np.int8, "uint16": np.uint16, "int16": np.int16,
             "int32": np.int32, "int64": np.int64, "float32": np.float32, "float64": np.float64}
    for name, np_type in names.items():
        assert fk.to_numpy_dtype(getattr(mp, name)) == np.dtype(np_type), name
    assert fk.to_numpy_dtype(mp.kHalf) == np.dtype(np.float16)
    assert mp.kHalf == mp.kFloat16


def test_enum_values_at_module_level():
    for enum in (fk.ImageFilterMode, fk.ImageRotationMode, fk.ImageAxis):
        for name, value in enum.__members__.items():
            if name != "kNearest":
                assert getattr(mp, name) is value, name
    # hmp's nearest is OpenCV's INTER_NEAREST: framekit's kNearestFloor.
    assert mp.kNearest is fk.ImageFilterMode.kNearestFloor
    for name in ("kNearest", "kBilinear", "kBicubic", "kRotate0", "kRotate90", "kRotate180",
                 "kRotate270", "kHorizontal", "kVertical", "kHorizontalAndVertical"):
        assert hasattr(mp, name), name
    # framekit's own module keeps them inside their enums.
    assert not hasattr(fk, "kNearest")


def test_config_is_what_this_build_has():
    cfg = mp.__config__
    assert set(cfg) == {"HMP_ENABLE_CUDA", "HMP_ENABLE_FFMPEG", "HMP_ENABLE_OPENCV",
                        "HMP_ENABLE_NPP", "HMP_ENABLE_OPENMP", "HMP_ENABLE_TORCH"}
    assert cfg["HMP_ENABLE_CUDA"] == int(fk.device_count(fk.kCUDA) > 0)
    # BMF's tests read `hasattr(mp, "cuda")`: there is no CUDA submodule here.
    assert not hasattr(mp, "cuda")
    assert cfg["HMP_ENABLE_FFMPEG"] == int(hasattr(mp, "ffmpeg"))
    if cfg["HMP_ENABLE_FFMPEG"]:
        from framekit import _bmf_ffmpeg
        assert mp.ffmpeg is _bmf_ffmpeg and callable(mp.ffmpeg.VideoReader)
    assert cfg["HMP_ENABLE_TORCH"] == cfg["HMP_ENABLE_OPENCV"] == 0  # no libtorch/OpenCV linked
    with pytest.raises(AttributeError):
        mp.no_such_name


@pytest.mark.parametrize("name", ["empty", "zeros"])
def test_factories_default_to_float32_as_hmp_does(name):
    a = getattr(mp, name)((2, 3))
    assert a.dtype == mp.kFloat32 and a.shape == (2, 3) and a.device == fk.Device("cpu")
    assert getattr(fk, name)((2, 3)).dtype == fk.kUInt8  # framekit's own default stays
    b = getattr(mp, name)([4], dtype=mp.int16, device=mp.kCPU)
    assert b.dtype == fk.kInt16 and b.numpy().dtype == np.int16
    if name == "zeros":
        assert np.array_equal(a.numpy(), np.zeros((2, 3), np.float32))
    with pytest.raises(NotImplementedError):
        getattr(mp, name)((2,), pinned_memory=True)


def test_copy_and_to_numpy(rng):
    src = rng.integers(0, 255, (5, 7), dtype=np.uint8)
    dst = mp.zeros((5, 7), dtype=mp.float32)
    assert mp.copy(dst, mp.from_numpy(src)) is dst
    assert np.array_equal(dst.numpy(), src.astype(np.float32))
    arrays = [rng.random((3, 4)).astype(np.float32), rng.random(6)]
    views = mp.to_numpy(mp.from_numpy(arrays))
    assert isinstance(views, list) and len(views) == 2
    for view, array in zip(views, arrays):
        assert np.array_equal(view, array) and view.ctypes.data == array.ctypes.data
    single = mp.to_numpy(mp.from_numpy(arrays[0]))
    assert single.ctypes.data == arrays[0].ctypes.data


def test_streams_are_the_one_synchronous_cpu_stream():
    stream = mp.create_stream(mp.kCPU)
    assert stream == mp.current_stream(mp.kCPU) and stream.device() == fk.Device("cpu")
    assert stream.query() is True and stream.handle() == 0
    with stream as inside:
        assert inside is stream and mp.current_stream(mp.kCPU) == stream
    stream.synchronize()
    assert mp.current_device(mp.kCPU) == fk.Device("cpu")
    with fk.Device("cpu") as d:
        assert d == mp.current_device("cpu")
    # No CUDA streams or timers in framekit: without a device that is DeviceUnavailable.
    expected = fk.DeviceUnavailable if fk.device_count(fk.kCUDA) == 0 else fk.Unsupported
    for ask in (lambda: mp.create_stream(mp.kCUDA), lambda: mp.current_stream(mp.kCUDA),
                lambda: mp.create_timer(mp.kCUDA)):
        with pytest.raises(expected):
            ask()
    if fk.device_count(fk.kCUDA) == 0:
        with pytest.raises(fk.DeviceUnavailable):
            mp.current_device(mp.kCUDA)
        with pytest.raises(fk.DeviceUnavailable):
            with fk.Device("cuda:0"):
                pass


def test_timer_measures_wall_clock_seconds():
    timer = mp.create_timer()
    assert timer.is_stopped() and timer.device() == fk.Device("cpu")
    with pytest.raises(RuntimeError):
        timer.elapsed()  # never started
    with pytest.raises(RuntimeError):
        timer.stop()
    before = time.perf_counter()
    timer.start()
    assert not timer.is_stopped()
    time.sleep(0.02)
    running = timer.elapsed()
    timer.stop()
    wall = time.perf_counter() - before
    assert timer.is_stopped()
    stopped = timer.elapsed()
    assert 0.02 <= running <= stopped <= wall
    assert timer.elapsed() == stopped  # frozen once stopped


def test_video_frame_constructor_and_properties():
    info = mp.PixelInfo(mp.kPF_YUV420P, mp.kCS_BT709)
    vf = sdk.VideoFrame(33, 17, info)
    reference = fk.Frame(33, 17, info)
    assert (vf.width, vf.height) == (33, 17)
    assert [p.shape for p in vf.frame().data()] == [p.shape for p in reference.data()]
    assert vf.device == mp.Device("cpu") and vf.dtype == mp.uint8
    assert sdk.VideoFrame(8, 4, pix_info=info, device="cpu").frame().pix_info() == info
    p010 = sdk.VideoFrame(8, 4, mp.PixelInfo(mp.kPF_P010LE))
    assert p010.dtype == mp.uint16 == p010.frame().dtype()
    if fk.device_count(fk.kCUDA) == 0:
        with pytest.raises(fk.DeviceUnavailable):
            sdk.VideoFrame(8, 4, info, device="cuda:0")
    cropped = vf.crop(2, 4, 10, 6)
    assert (cropped.width, cropped.height) == (10, 6)


def test_private_attach_dict_keeps_a_json_copy(rng):
    vf = sdk.VideoFrame(16, 8, mp.PixelInfo(mp.kPF_RGB24))
    assert vf.private_get(dict) is None
    ref = {"int": 42, "str": "hello", "list": [1, 2.5, None, True], "dict": {"a": 10}}
    vf.private_attach(ref)
    ref["int"] = 0  # the frame kept a copy, not the dict
    got = vf.private_get(dict)
    assert got == json.loads(json.dumps({**ref, "int": 42}))
    assert got is not vf.private_get(dict)  # a new dict each time
    # Frames derived with with_frame share the attachments, this one included.
    assert vf.with_frame(vf.frame()).private_get(dict) == got
    vf.private_attach({"second": 2})
    assert vf.private_get(dict) == {"second": 2}
    # A tensor attachment lives next to the JSON one.
    arr = rng.integers(0, 255, (8, 16, 3), dtype=np.uint8)
    vf.private_attach(arr)
    assert np.array_equal(vf.private_get(np.ndarray), arr)
    assert vf.private_get(dict) == {"second": 2}
    with pytest.raises(TypeError):
        vf.private_attach({"not json": {1, 2}})


@pytest.mark.parametrize("name", ["AudioFrame", "BMFAVPacket", "Packet"])
def test_sdk_classes_framekit_lacks_say_so(name):
    cls = getattr(sdk, name)
    assert getattr(bmf, name) is cls
    with pytest.raises(NotImplementedError, match=name):
        cls(160)
    with pytest.raises(RuntimeError):  # what BMF code catches
        cls(160)


# --- Not shadowing a real BMF --------------------------------------------------------

OUR_PARENT = pathlib.Path(bmf.__file__).resolve().parents[1]

PROBE = ("import bmf, sys; print(getattr(bmf, '__framekit__', False), "
         "getattr(bmf, 'REAL', False), bmf.__file__)")


def probe(tmp_path, path, **env):
    environ = {k: v for k, v in os.environ.items() if k not in ("FRAMEKIT_BMF",)}
    environ.update(PYTHONPATH=os.pathsep.join(str(p) for p in path), **env)
    return subprocess.run([PY, "-c", PROBE], env=environ, cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def fake_bmf(tmp_path):
    """A stand-in for a real BMF installation: a package `bmf` that says so."""
    site = tmp_path / "real_site"
    (site / "bmf").mkdir(parents=True)
    (site / "bmf" / "__init__.py").write_text("REAL = True\n")
    return site


def framekit_path():
    # Where `import framekit` comes from (the build tree or an installed package).
    return pathlib.Path(fk.__file__).resolve().parents[1]


@pytest.mark.parametrize("ours_first", [True, False])
def test_a_real_bmf_wins_wherever_it_is_on_the_path(tmp_path, fake_bmf, ours_first):
    path = [OUR_PARENT, fake_bmf] if ours_first else [fake_bmf, OUR_PARENT]
    p = probe(tmp_path, path + [framekit_path()])
    assert p.returncode == 0, p.stderr
    framekit_s, real, where = p.stdout.split()
    assert (framekit_s, real) == ("False", "True")
    assert pathlib.Path(where).is_relative_to(fake_bmf)


def test_force_and_off_switches(tmp_path, fake_bmf):
    path = [OUR_PARENT, fake_bmf, framekit_path()]
    forced = probe(tmp_path, path, FRAMEKIT_BMF="force")
    assert forced.returncode == 0 and forced.stdout.split()[:2] == ["True", "False"]
    # Switched off, a real BMF is still found; without one, `import bmf` fails.
    off = probe(tmp_path, path, FRAMEKIT_BMF="0")
    assert off.returncode == 0 and off.stdout.split()[:2] == ["False", "True"]
    alone = probe(tmp_path, [OUR_PARENT, framekit_path()], FRAMEKIT_BMF="0")
    assert alone.returncode != 0 and "FRAMEKIT_BMF=0" in alone.stderr
    bad = probe(tmp_path, [OUR_PARENT, framekit_path()], FRAMEKIT_BMF="maybe")
    assert bad.returncode != 0 and "FRAMEKIT_BMF='maybe'" in bad.stderr


def test_without_a_real_bmf_this_package_is_imported(tmp_path):
    # A second copy of this package and a stray `bmf` directory without __init__.py
    # (a namespace portion) are not a real BMF.
    copy = tmp_path / "copy"
    shutil.copytree(OUR_PARENT / "bmf", copy / "bmf", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "stray" / "bmf").mkdir(parents=True)
    p = probe(tmp_path, [OUR_PARENT, copy, tmp_path / "stray", framekit_path()])
    assert p.returncode == 0, p.stderr
    assert p.stdout.split()[:2] == ["True", "False"]
    assert pathlib.Path(p.stdout.split()[2]).resolve().is_relative_to(OUR_PARENT)


def test_docs_bmf_md_examples_run():
    """docs/bmf.md's python blocks, run as written, in order."""
    import re
    doc = pathlib.Path(__file__).resolve().parents[2] / "docs" / "bmf.md"
    blocks = re.findall(r"```python\n(.*?)```", doc.read_text(), flags=re.S)
    assert len(blocks) == 2
    namespace = {"__name__": "bmf_md"}
    for i, block in enumerate(blocks):
        exec(compile(block, f"docs/bmf.md[block {i}]", "exec"), namespace)  # noqa: S102
    assert namespace["small"].width == 320 and namespace["on_framekit"] is True
