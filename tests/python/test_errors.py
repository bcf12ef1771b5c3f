"""framekit.Error and its subclasses: each is a RuntimeError (as BMF raises everywhere)
and also derives from the matching builtin."""
import pytest

import framekit as mp

EXPECTED = {
    "InvalidArgument": (ValueError, mp.ErrorCode.kInvalidArgument),
    "BufferTooSmall": (ValueError, mp.ErrorCode.kBufferTooSmall),
    "TypeMismatch": (TypeError, mp.ErrorCode.kTypeMismatch),
    "OutOfRange": (IndexError, mp.ErrorCode.kOutOfRange),
    "Unsupported": (NotImplementedError, mp.ErrorCode.kUnsupported),
    "DeviceUnavailable": (RuntimeError, mp.ErrorCode.kDeviceUnavailable),
    "Runtime": (RuntimeError, mp.ErrorCode.kRuntime),
    "OutOfMemory": (MemoryError, mp.ErrorCode.kOutOfMemory),
    "Timeout": (TimeoutError, mp.ErrorCode.kTimeout),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hierarchy(name):
    cls = getattr(mp, name)
    builtin, _ = EXPECTED[name]
    assert issubclass(cls, mp.Error)
    assert issubclass(cls, builtin)
    assert issubclass(cls, RuntimeError)
    assert cls.__module__ == "framekit"
    assert issubclass(mp.Error, RuntimeError)
    assert not issubclass(mp.Error, (ValueError, TypeError))


def test_one_error_is_caught_as_runtime_error_and_as_its_builtin():
    # BMF's tests write pytest.raises(RuntimeError) where framekit's write the builtin:
    # both catch the same exception, raised by the C++ side.
    with pytest.raises(RuntimeError) as as_runtime:
        mp.Device("cpu:+")
    with pytest.raises(ValueError) as as_value:
        mp.Device("cpu:+")
    assert type(as_runtime.value) is type(as_value.value) is mp.InvalidArgument
    with pytest.raises(RuntimeError) as info:
        mp.from_numpy(__import__("numpy").zeros(4, dtype="complex64"))
    assert isinstance(info.value, TypeError) and type(info.value) is mp.TypeMismatch


def test_invalid_argument_carries_message_and_code():
    with pytest.raises(mp.InvalidArgument) as info:
        mp.Device("tpu:0")
    assert "tpu:0" in str(info.value)  # names the bad value
    assert info.value.code == mp.ErrorCode.kInvalidArgument
    assert isinstance(info.value, ValueError)


def test_out_of_range_is_index_error(nv12):
    frame = mp.Frame(16, 16, nv12)
    with pytest.raises(IndexError) as info:
        frame.plane(2)
    assert type(info.value) is mp.OutOfRange
    assert "2" in str(info.value)
    assert info.value.code == mp.ErrorCode.kOutOfRange


def test_type_mismatch_is_type_error():
    import numpy as np
    with pytest.raises(TypeError) as info:
        mp.from_numpy(np.zeros(4, dtype=np.complex64))
    assert type(info.value) is mp.TypeMismatch
    assert "complex64" in str(info.value)


def test_device_unavailable_is_runtime_error(nv12):
    with pytest.raises(RuntimeError) as info:
        mp.Frame(16, 16, nv12, device="cuda:0")
    assert type(info.value) is mp.DeviceUnavailable
    assert "cuda:0" in str(info.value)


def test_unsupported_is_not_implemented_error(nv12):
    # A valid request framekit cannot do (BT.2020 constant luminance has no plain
    # matrix) is Unsupported, which is a NotImplementedError.
    frame = mp.Frame(16, 16, nv12)
    with pytest.raises(NotImplementedError) as info:
        frame.reformat(mp.PixelInfo(mp.kPF_YUV420P, mp.kCS_BT2020_CL))
    assert isinstance(info.value, mp.Unsupported)
    assert info.value.code == mp.ErrorCode.kUnsupported
    assert "bt2020c" in str(info.value)


def test_errors_can_be_raised_from_python():
    # The classes are ordinary exception classes: users may raise and catch them too.
    with pytest.raises(mp.Error):
        raise mp.Timeout("waited too long")
    with pytest.raises(TimeoutError):
        raise mp.Timeout("waited too long")
