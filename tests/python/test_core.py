"""Device, ScalarType and dtype mapping, thread knobs, version."""
import pickle
import re

import numpy as np
import pytest

import framekit as mp


def test_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", mp.__version__)


@pytest.mark.parametrize("spec,type_,index,text", [
    ("cpu", mp.kCPU, 0, "cpu"),
    ("cpu:0", mp.kCPU, 0, "cpu"),
    ("cuda", mp.kCUDA, 0, "cuda:0"),
    ("cuda:1", mp.kCUDA, 1, "cuda:1"),
    ("gpu", mp.kCUDA, 0, "cuda:0"),
    ("gpu:3", mp.kCUDA, 3, "cuda:3"),
])
def test_device_parsing(spec, type_, index, text):
    d = mp.Device(spec)
    assert d.type() == type_
    assert d.index() == index
    assert str(d) == text
    assert repr(d) == f"Device('{text}')"
    assert d == mp.Device(type_, index)
    assert d == text  # comparing with a device string parses it
    assert hash(d) == hash(mp.Device(type_, index))
    assert pickle.loads(pickle.dumps(d)) == d


def test_device_defaults_and_equality():
    assert mp.Device() == mp.Device("cpu")
    assert mp.Device("cpu") != mp.Device("cuda")
    assert mp.Device("cuda:0") != mp.Device("cuda:1")
    assert mp.Device("cpu") != "not a device"  # malformed strings compare unequal
    assert mp.Device("cpu") != 0
    assert mp.DeviceType.kCPU is mp.kCPU and mp.DeviceType.kCUDA is mp.kCUDA
    assert mp.Device("cpu").is_cpu() and not mp.Device("gpu").is_cpu()


def test_device_availability():
    assert mp.device_count(mp.kCPU) == 1
    assert mp.Device("cpu").available()
    mp.Device("cpu").check_available()
    # This machine has no GPU and the build has no CUDA allocator.
    assert mp.device_count(mp.kCUDA) == 0
    assert not mp.Device("cuda").available()
    with pytest.raises(mp.DeviceUnavailable, match="cuda:0"):
        mp.Device("gpu").check_available()


@pytest.mark.parametrize("spec", ["", "tpu", "cuda:", "cuda:-1", "cuda:x", "cpu:1", "CPU", "gpu:1:2",
                                  " cpu"])
def test_device_malformed(spec):
    with pytest.raises(mp.InvalidArgument) as info:
        mp.Device(spec)
    assert isinstance(info.value, ValueError)
    assert repr(spec)[1:-1] in str(info.value) or spec == ""


def test_device_bad_index():
    with pytest.raises(ValueError):
        mp.Device(mp.kCUDA, -1)
    with pytest.raises(ValueError):
        mp.Device(mp.kCPU, 2)


SCALARS = [
    (mp.kUInt8, np.uint8), (mp.kInt8, np.int8), (mp.kUInt16, np.uint16), (mp.kInt16, np.int16),
    (mp.kInt32, np.int32), (mp.kInt64, np.int64), (mp.kFloat16, np.float16),
    (mp.kFloat32, np.float32), (mp.kFloat64, np.float64),
]


@pytest.mark.parametrize("st,npt", SCALARS)
def test_scalar_type_numpy_mapping(st, npt):
    assert st is getattr(mp.ScalarType, st.name)
    assert st.numpy_dtype == np.dtype(npt)
    assert mp.to_numpy_dtype(st) == np.dtype(npt)
    assert st.itemsize == np.dtype(npt).itemsize
    assert st.is_floating_point == (np.dtype(npt).kind == "f")
    # Every spelling maps back.
    assert mp.scalar_type(npt) == st
    assert mp.scalar_type(np.dtype(npt)) == st
    assert mp.scalar_type(np.dtype(npt).name) == st
    assert mp.scalar_type(st) == st
    # A tensor of the numpy dtype reports the framekit dtype.
    t = mp.from_numpy(np.zeros((2, 2), npt))
    assert t.dtype == st
    assert t.numpy().dtype == np.dtype(npt)


def test_scalar_type_other_spellings():
    assert mp.scalar_type("half") == mp.kFloat16
    assert mp.scalar_type("float") == mp.kFloat32
    assert mp.scalar_type("double") == mp.kFloat64
    import torch  # not importorskip: a missing torch is a failure
    assert mp.scalar_type(torch.uint8) == mp.kUInt8
    assert mp.scalar_type(torch.float16) == mp.kFloat16


@pytest.mark.parametrize("bad", ["uint32", "bool", np.complex128, np.uint64, np.bool_, 3.5])
def test_scalar_type_unsupported(bad):
    with pytest.raises((mp.InvalidArgument, mp.TypeMismatch)) as info:
        mp.scalar_type(bad)
    assert isinstance(info.value, (ValueError, TypeError))


def test_big_endian_dtype_refused():
    arr = np.zeros(4, dtype=">u2")
    with pytest.raises(mp.TypeMismatch, match="big-endian"):
        mp.from_numpy(arr)


def test_num_threads_roundtrip():
    old = mp.get_num_threads()
    assert old >= 1
    try:
        mp.set_num_threads(1)
        assert mp.get_num_threads() == 1
        mp.set_num_threads(3)
        assert mp.get_num_threads() == 3
        # The pool is really used: a frame copy gives the same result with any count.
        src = mp.from_numpy(np.arange(64 * 48 * 3, dtype=np.uint8).reshape(48, 64, 3))
        assert np.array_equal(src.clone().numpy(), src.numpy())
    finally:
        mp.set_num_threads(old)
    assert mp.get_num_threads() == old


@pytest.mark.parametrize("n", [0, -2])
def test_num_threads_invalid(n):
    with pytest.raises(mp.InvalidArgument, match=str(n)):
        mp.set_num_threads(n)
