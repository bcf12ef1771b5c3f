"""framekit.acl: the subset of pyACL that JPEGE programs use, on framekit's engine.

Code written for Ascend's pyACL JPEGE flow runs unchanged with ``import framekit.acl as
acl``: the same functions (``acl.init``, ``acl.rt.*``, ``acl.util.*``, ``acl.himpi.*``),
the same dict arguments with the SDK's field names, the same ``(value, ret)`` returns and
the SDK's numeric constants (``from framekit.acl import *`` brings them in)::

    import framekit.acl as acl
    from framekit.acl import *

    ret = acl.init()
    ret = acl.himpi.sys_init()
    ret = acl.himpi.venc_create_chn(0, {"venc_attr": {...}, "jpeg_attr": {...}})
    ...

Differences from the hardware: device memory is host RAM (framekit tracks every block,
so copies, frames and ``ptr_to_bytes`` reads that run past a block, start at its end or
use a freed block return an error instead of crashing; memory outside every block is
the caller's own and is trusted, as on the hardware), and
``acl.rt.get_run_mode()`` reports ``ACL_HOST`` (set FRAMEKIT_ACL_RUN_MODE=device for
``ACL_DEVICE``). Dicts with unknown keys or values of the wrong type raise ValueError /
TypeError, so a typo in a field name does not pass silently. See docs/jpege.md.
"""
from __future__ import annotations

import types as _types
# TYPE_CHECKING via the module: the upper-case name would join __all__ (computed below).
import typing as _typing
from typing import Any, Callable, Dict, List, Optional, Protocol, Tuple, Union, cast

from . import _framekit

if _typing.TYPE_CHECKING:
    import numpy

# SDK structs are dicts with the SDK's field names (numbers, lists and nested dicts).
SdkStruct = Dict[str, Any]

_acl = _framekit._acl

# --- Constants ------------------------------------------------------------------------
# The values come from the C headers (fk_acl.h for pyACL's return codes and runtime enums,
# hi_dvpp_*.h / hi_mpi_*.h for the SDK's): the extension reads them there at compile time
# (src/compat/acl_constants.cpp). The names are declared here so that type checkers and
# readers see them.

# pyACL return codes and runtime enums (fk_acl.h)
ACL_SUCCESS: int
ACL_ERROR_NONE: int
ACL_ERROR_INVALID_PARAM: int
ACL_ERROR_UNINITIALIZE: int
ACL_ERROR_REPEAT_INITIALIZE: int
ACL_ERROR_BAD_ALLOC: int

ACL_DEVICE: int
ACL_HOST: int

ACL_MEMCPY_HOST_TO_HOST: int
ACL_MEMCPY_HOST_TO_DEVICE: int
ACL_MEMCPY_DEVICE_TO_HOST: int
ACL_MEMCPY_DEVICE_TO_DEVICE: int
ACL_MEMCPY_DEFAULT: int

ACL_MEM_MALLOC_HUGE_FIRST: int
ACL_MEM_MALLOC_HUGE_ONLY: int
ACL_MEM_MALLOC_NORMAL_ONLY: int

# The SDK's constants (hi_dvpp_*.h, hi_mpi_*.h)
HI_SUCCESS: int
HI_FAILURE: int
HI_FALSE: int
HI_TRUE: int

HI_PT_JPEG: int
HI_PT_H264: int
HI_PT_H265: int
HI_PT_MJPEG: int

HI_ID_SYS: int
HI_ID_VPC: int
HI_ID_VENC: int
HI_ID_JPEGE: int
HI_ID_JPEGD: int
HI_ID_VGS: int

HI_PIXEL_FORMAT_YUV_400: int
HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420: int
HI_PIXEL_FORMAT_YVU_SEMIPLANAR_420: int
HI_PIXEL_FORMAT_YUV_SEMIPLANAR_422: int
HI_PIXEL_FORMAT_YVU_SEMIPLANAR_422: int
HI_PIXEL_FORMAT_YUV_SEMIPLANAR_444: int
HI_PIXEL_FORMAT_YVU_SEMIPLANAR_444: int
HI_PIXEL_FORMAT_YUYV_PACKED_422: int
HI_PIXEL_FORMAT_UYVY_PACKED_422: int
HI_PIXEL_FORMAT_YVYU_PACKED_422: int
HI_PIXEL_FORMAT_VYUY_PACKED_422: int
HI_PIXEL_FORMAT_YUV_PACKED_444: int
HI_PIXEL_FORMAT_RGB_888: int
HI_PIXEL_FORMAT_BGR_888: int
HI_PIXEL_FORMAT_ARGB_8888: int
HI_PIXEL_FORMAT_ABGR_8888: int
HI_PIXEL_FORMAT_RGBA_8888: int
HI_PIXEL_FORMAT_BGRA_8888: int
HI_PIXEL_FORMAT_YVU_PLANAR_420: int
HI_PIXEL_FORMAT_YVU_PLANAR_422: int
HI_PIXEL_FORMAT_YVU_PLANAR_444: int
HI_PIXEL_FORMAT_YUV_PLANAR_420: int
HI_PIXEL_FORMAT_YUV_PLANAR_422: int
HI_PIXEL_FORMAT_YUV_PLANAR_444: int
HI_PIXEL_FORMAT_UNKNOWN: int

HI_VIDEO_FIELD_TOP: int
HI_VIDEO_FIELD_BOTTOM: int
HI_VIDEO_FIELD_INTERLACED: int
HI_VIDEO_FIELD_FRAME: int
HI_VIDEO_FORMAT_LINEAR: int
HI_VIDEO_FORMAT_TILE_64x16: int
HI_COMPRESS_MODE_NONE: int
HI_COMPRESS_MODE_SEG: int
HI_DYNAMIC_RANGE_SDR8: int
HI_DYNAMIC_RANGE_SDR10: int
HI_COLOR_GAMUT_BT601: int
HI_COLOR_GAMUT_BT709: int
HI_COLOR_GAMUT_BT2020: int

HI_VENC_PIC_RECV_SINGLE: int
HI_VENC_PIC_RECV_MULTI: int
HI_VENC_JPEG_PACK_PIC: int
HI_VENC_MAX_CHN_NUM: int
HI_VENC_JPEG_QT_COEF_NUM: int

HI_DVPP_EPOLL_CTL_ADD: int
HI_DVPP_EPOLL_CTL_MOD: int
HI_DVPP_EPOLL_CTL_DEL: int
HI_DVPP_EPOLL_IN: int
HI_DVPP_EPOLL_OUT: int
HI_DVPP_EPOLL_ET: int

HI_ERR_VENC_INVALID_CHN_ID: int
HI_ERR_VENC_ILLEGAL_PARAM: int
HI_ERR_VENC_EXIST: int
HI_ERR_VENC_UNEXIST: int
HI_ERR_VENC_NULL_PTR: int
HI_ERR_VENC_NOT_CFG: int
HI_ERR_VENC_NOT_SUPPORT: int
HI_ERR_VENC_NOT_PERM: int
HI_ERR_VENC_NO_MEM: int
HI_ERR_VENC_NO_BUF: int
HI_ERR_VENC_BUF_EMPTY: int
HI_ERR_VENC_BUF_FULL: int
HI_ERR_VENC_SYS_NOT_READY: int
HI_ERR_VENC_BAD_ADDR: int
HI_ERR_VENC_BUSY: int
HI_ERR_VENC_SIZE_NOT_ENOUGH: int
HI_ERR_VENC_SYS_ERROR: int
HI_ERR_SYS_ILLEGAL_PARAM: int
HI_ERR_SYS_EXIST: int
HI_ERR_SYS_UNEXIST: int
HI_ERR_SYS_NULL_PTR: int
HI_ERR_SYS_NOT_PERM: int
HI_ERR_SYS_NO_MEM: int
HI_ERR_SYS_NOT_READY: int

globals().update(_acl.constants())


def _u32(ret: int) -> int:
    """The C ABI returns hi_s32; pyACL's ret is the same bits as a non-negative int."""
    return ret & 0xFFFFFFFF if isinstance(ret, int) and ret < 0 else ret


def _u32_pair(result: Tuple[Any, int]) -> Tuple[Any, int]:
    value, ret = result
    return value, _u32(ret)


# --- acl ------------------------------------------------------------------------------
def init(config_path: Optional[str] = None) -> int:
    """pyACL init (the config file is not read). Returns ret."""
    return _acl.init(config_path)


def finalize() -> int:
    return _acl.finalize()


# --- acl.rt ---------------------------------------------------------------------------
class RtNamespace(Protocol):
    """The type of acl.rt (a module object): results are ret or (value, ret)."""

    def get_run_mode(self) -> Tuple[int, int]: ...
    def set_device(self, dev: int) -> int: ...
    def reset_device(self, dev: int) -> int: ...
    def create_context(self, dev: int) -> Tuple[int, int]: ...
    def destroy_context(self, ctx: int) -> int: ...
    def memcpy(self, dst: int, dest_max: int, src: int, count: int, kind: int) -> int: ...
    def malloc(self, size: int, policy: int = 0) -> Tuple[int, int]: ...
    def free(self, ptr: int) -> int: ...
    def malloc_host(self, size: int) -> Tuple[int, int]: ...
    def free_host(self, ptr: int) -> int: ...


class UtilNamespace(Protocol):
    """The type of acl.util (a module object)."""

    def bytes_to_ptr(self, data: Union[bytes, bytearray, memoryview]) -> int: ...
    def ptr_to_bytes(self, ptr: int, size: int) -> bytes: ...
    def numpy_to_ptr(self, array: numpy.ndarray) -> int: ...


class HimpiNamespace(Protocol):
    """The type of acl.himpi (a module object): hi_mpi_* with pyACL's conventions."""

    def sys_init(self) -> int: ...
    def sys_exit(self) -> int: ...
    def sys_create_epoll(self, size: int) -> Tuple[int, int]: ...
    def sys_ctl_epoll(self, epoll_fd: int, operation: int, fd: int,
                      event: Optional[SdkStruct] = None) -> int: ...
    def sys_wait_epoll(self, epoll_fd: int, max_events: int,
                       timeout: int) -> Tuple[List[SdkStruct], int, int]: ...
    def sys_close_epoll(self, epoll_fd: int) -> int: ...
    def dvpp_malloc(self, dev: int, size: int) -> Tuple[int, int]: ...
    def dvpp_free(self, ptr: int) -> int: ...
    def venc_create_chn(self, chn: int, attr: SdkStruct) -> int: ...
    def venc_destroy_chn(self, chn: int) -> int: ...
    def venc_get_chn_attr(self, chn: int) -> Tuple[Optional[SdkStruct], int]: ...
    def venc_set_chn_attr(self, chn: int, attr: SdkStruct) -> int: ...
    def venc_start_chn(self, chn: int, param: SdkStruct) -> int: ...
    def venc_stop_chn(self, chn: int) -> int: ...
    def venc_query_status(self, chn: int) -> Tuple[Optional[SdkStruct], int]: ...
    def venc_get_jpeg_param(self, chn: int) -> Tuple[Optional[SdkStruct], int]: ...
    def venc_set_jpeg_param(self, chn: int, param: SdkStruct) -> int: ...
    def venc_get_jpeg_huffman_param(self, chn: int) -> Tuple[Optional[SdkStruct], int]: ...
    def venc_set_jpeg_huffman_param(self, chn: int, param: SdkStruct) -> int: ...
    def venc_compact_jpeg_tables(self, chn: int, type: int, enable: int) -> int: ...
    def venc_get_fd(self, chn: int) -> int: ...
    def venc_close_fd(self, chn: int) -> int: ...
    def venc_send_frame(self, chn: int, frame: SdkStruct, milli_sec: int) -> int: ...
    def venc_send_jpege_frame(self, chn: int, frame: SdkStruct, stream: SdkStruct,
                              milli_sec: int) -> int: ...
    def venc_get_jpege_predicted_size(self, frame: SdkStruct,
                                      jpeg_param: Optional[SdkStruct] = None) -> Tuple[int, int]: ...
    def venc_get_stream(self, chn: int, stream: SdkStruct,
                        milli_sec: int) -> Tuple[Optional[SdkStruct], int]: ...
    def venc_release_stream(self, chn: int, stream: SdkStruct) -> int: ...
    def last_error(self) -> str: ...


# The namespaces are module objects filled below; the casts give them their types.
rt: RtNamespace = cast(RtNamespace, _types.ModuleType("framekit.acl.rt",
                                         "pyACL runtime subset: devices, contexts, memory."))
_rt = cast(Any, rt)
_rt.get_run_mode = _acl.rt_get_run_mode
_rt.set_device = _acl.rt_set_device
_rt.reset_device = _acl.rt_reset_device
_rt.create_context = _acl.rt_create_context
_rt.destroy_context = _acl.rt_destroy_context
_rt.memcpy = _acl.rt_memcpy
_rt.malloc = _acl.rt_malloc
_rt.free = _acl.rt_free
_rt.malloc_host = _acl.rt_malloc_host
_rt.free_host = _acl.rt_free_host

# --- acl.util -------------------------------------------------------------------------
util: UtilNamespace = cast(UtilNamespace, _types.ModuleType("framekit.acl.util",
                                             "pyACL util subset: bytes <-> pointers."))
_util = cast(Any, util)
_util.bytes_to_ptr = _acl.util_bytes_to_ptr
_util.ptr_to_bytes = _acl.util_ptr_to_bytes


def _numpy_to_ptr(array: numpy.ndarray) -> int:
    """Address of a C-contiguous NumPy array's data (keep the array alive).

    A strided or reversed view is refused: its address is not where its ``nbytes`` bytes
    are, so a copy of ``nbytes`` from it would read outside the array.
    """
    if not array.flags["C_CONTIGUOUS"]:
        raise ValueError("numpy_to_ptr: the array is not C-contiguous "
                         "(use numpy.ascontiguousarray)")
    return array.ctypes.data


_util.numpy_to_ptr = _numpy_to_ptr

# --- acl.himpi ------------------------------------------------------------------------
himpi: HimpiNamespace = cast(HimpiNamespace, _types.ModuleType(
    "framekit.acl.himpi",
    "hi_mpi_* calls of the JPEGE flow with pyACL's conventions (dicts, (value, ret))."))
_himpi = cast(Any, himpi)


def _ret_only(fn: Callable[..., int]) -> Callable[..., int]:
    def call(*args: Any, **kwargs: Any) -> int:
        return _u32(fn(*args, **kwargs))
    call.__name__ = fn.__name__
    call.__doc__ = fn.__doc__
    return call


def _value_ret(fn: Callable[..., Tuple[Any, int]]) -> Callable[..., Tuple[Any, int]]:
    def call(*args: Any, **kwargs: Any) -> Tuple[Any, int]:
        return _u32_pair(fn(*args, **kwargs))
    call.__name__ = fn.__name__
    call.__doc__ = fn.__doc__
    return call


for _name in ("sys_init", "sys_exit", "sys_ctl_epoll", "sys_close_epoll", "dvpp_free",
              "venc_create_chn", "venc_destroy_chn", "venc_set_chn_attr", "venc_start_chn",
              "venc_stop_chn", "venc_set_jpeg_param", "venc_set_jpeg_huffman_param",
              "venc_compact_jpeg_tables", "venc_close_fd", "venc_send_frame",
              "venc_send_jpege_frame", "venc_release_stream"):
    setattr(_himpi, _name, _ret_only(getattr(_acl, _name)))
for _name in ("sys_create_epoll", "dvpp_malloc", "venc_get_chn_attr", "venc_query_status",
              "venc_get_jpeg_param", "venc_get_jpeg_huffman_param",
              "venc_get_jpege_predicted_size", "venc_get_stream"):
    setattr(_himpi, _name, _value_ret(getattr(_acl, _name)))


def _sys_wait_epoll(epoll_fd: int, max_events: int,
                    timeout: int) -> Tuple[List[SdkStruct], int, int]:
    events, event_num, ret = _acl.sys_wait_epoll(epoll_fd, max_events, timeout)
    return events, event_num, _u32(ret)


def _venc_get_fd(chn: int) -> int:
    """The channel's fd (>= 0), or a negative error code (pyACL's convention)."""
    return _acl.venc_get_fd(chn)


_himpi.sys_wait_epoll = _sys_wait_epoll
_himpi.venc_get_fd = _venc_get_fd
_himpi.last_error = _acl.last_error

del _name

__all__ = [n for n in globals() if n.isupper()]
