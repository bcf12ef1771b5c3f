"""framekit.acl's constants come from the C headers: every one equals what a C compiler
reads in include/framekit/compat (an independent route: gcc compiles a program that prints
them), none of the names acl.py exported when it held hand-written copies is gone, and
each stays typed for the stubs.
"""
import os
import shutil
import subprocess

import pytest

import framekit.acl as acl
from framekit import _framekit

HERE = os.path.dirname(os.path.abspath(__file__))
COMPAT_INCLUDE = os.path.join(HERE, "..", "..", "include", "framekit", "compat")

# What acl.py exported before its values came from the headers, with the values it wrote
# by hand (`git show runtime:python/framekit/acl.py`, the commit before the change).
HAND_WRITTEN = {
    'ACL_SUCCESS': 0, 'ACL_ERROR_NONE': 0, 'ACL_ERROR_INVALID_PARAM': 100000,
    'ACL_ERROR_UNINITIALIZE': 100001, 'ACL_ERROR_REPEAT_INITIALIZE': 100002,
    'ACL_ERROR_BAD_ALLOC': 200000, 'ACL_DEVICE': 0, 'ACL_HOST': 1,
    'ACL_MEMCPY_HOST_TO_HOST': 0, 'ACL_MEMCPY_HOST_TO_DEVICE': 1,
    'ACL_MEMCPY_DEVICE_TO_HOST': 2, 'ACL_MEMCPY_DEVICE_TO_DEVICE': 3, 'ACL_MEMCPY_DEFAULT': 4,
    'ACL_MEM_MALLOC_HUGE_FIRST': 0, 'ACL_MEM_MALLOC_HUGE_ONLY': 1,
    'ACL_MEM_MALLOC_NORMAL_ONLY': 2, 'HI_SUCCESS': 0, 'HI_FAILURE': -1, 'HI_FALSE': 0,
    'HI_TRUE': 1, 'HI_PT_JPEG': 26, 'HI_PT_H264': 96, 'HI_PT_H265': 265, 'HI_PT_MJPEG': 1002,
    'HI_ID_SYS': 2, 'HI_ID_VPC': 7, 'HI_ID_VENC': 8, 'HI_ID_JPEGE': 11, 'HI_ID_JPEGD': 14,
    'HI_ID_VGS': 45, 'HI_PIXEL_FORMAT_YUV_400': 0, 'HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420': 1,
    'HI_PIXEL_FORMAT_YVU_SEMIPLANAR_420': 2, 'HI_PIXEL_FORMAT_YUV_SEMIPLANAR_422': 3,
    'HI_PIXEL_FORMAT_YVU_SEMIPLANAR_422': 4, 'HI_PIXEL_FORMAT_YUV_SEMIPLANAR_444': 5,
    'HI_PIXEL_FORMAT_YVU_SEMIPLANAR_444': 6, 'HI_PIXEL_FORMAT_YUYV_PACKED_422': 7,
    'HI_PIXEL_FORMAT_UYVY_PACKED_422': 8, 'HI_PIXEL_FORMAT_YVYU_PACKED_422': 9,
    'HI_PIXEL_FORMAT_VYUY_PACKED_422': 10, 'HI_PIXEL_FORMAT_YUV_PACKED_444': 11,
    'HI_PIXEL_FORMAT_RGB_888': 12, 'HI_PIXEL_FORMAT_BGR_888': 13,
    'HI_PIXEL_FORMAT_ARGB_8888': 14, 'HI_PIXEL_FORMAT_ABGR_8888': 15,
    'HI_PIXEL_FORMAT_RGBA_8888': 16, 'HI_PIXEL_FORMAT_BGRA_8888': 17,
    'HI_PIXEL_FORMAT_YVU_PLANAR_420': 20, 'HI_PIXEL_FORMAT_YVU_PLANAR_422': 21,
    'HI_PIXEL_FORMAT_YVU_PLANAR_444': 22, 'HI_PIXEL_FORMAT_YUV_PLANAR_420': 55,
    'HI_PIXEL_FORMAT_YUV_PLANAR_422': 56, 'HI_PIXEL_FORMAT_YUV_PLANAR_444': 57,
    'HI_PIXEL_FORMAT_UNKNOWN': 10000, 'HI_VIDEO_FIELD_TOP': 1, 'HI_VIDEO_FIELD_BOTTOM': 2,
    'HI_VIDEO_FIELD_INTERLACED': 3, 'HI_VIDEO_FIELD_FRAME': 4, 'HI_VIDEO_FORMAT_LINEAR': 0,
    'HI_VIDEO_FORMAT_TILE_64x16': 1, 'HI_COMPRESS_MODE_NONE': 0, 'HI_COMPRESS_MODE_SEG': 1,
    'HI_DYNAMIC_RANGE_SDR8': 0, 'HI_DYNAMIC_RANGE_SDR10': 1, 'HI_COLOR_GAMUT_BT601': 0,
    'HI_COLOR_GAMUT_BT709': 1, 'HI_COLOR_GAMUT_BT2020': 2, 'HI_VENC_PIC_RECV_SINGLE': 0,
    'HI_VENC_PIC_RECV_MULTI': 1, 'HI_VENC_JPEG_PACK_PIC': 8, 'HI_VENC_MAX_CHN_NUM': 256,
    'HI_VENC_JPEG_QT_COEF_NUM': 64, 'HI_DVPP_EPOLL_CTL_ADD': 1, 'HI_DVPP_EPOLL_CTL_MOD': 2,
    'HI_DVPP_EPOLL_CTL_DEL': 3, 'HI_DVPP_EPOLL_IN': 1, 'HI_DVPP_EPOLL_OUT': 2,
    'HI_DVPP_EPOLL_ET': 2147483648, 'HI_ERR_VENC_INVALID_CHN_ID': 0xa0088002,
    'HI_ERR_VENC_ILLEGAL_PARAM': 0xa0088003, 'HI_ERR_VENC_EXIST': 0xa0088004,
    'HI_ERR_VENC_UNEXIST': 0xa0088005, 'HI_ERR_VENC_NULL_PTR': 0xa0088006,
    'HI_ERR_VENC_NOT_CFG': 0xa0088007, 'HI_ERR_VENC_NOT_SUPPORT': 0xa0088008,
    'HI_ERR_VENC_NOT_PERM': 0xa0088009, 'HI_ERR_VENC_NO_MEM': 0xa008800c,
    'HI_ERR_VENC_NO_BUF': 0xa008800d, 'HI_ERR_VENC_BUF_EMPTY': 0xa008800e,
    'HI_ERR_VENC_BUF_FULL': 0xa008800f, 'HI_ERR_VENC_SYS_NOT_READY': 0xa0088010,
    'HI_ERR_VENC_BAD_ADDR': 0xa0088011, 'HI_ERR_VENC_BUSY': 0xa0088012,
    'HI_ERR_VENC_SIZE_NOT_ENOUGH': 0xa0088013, 'HI_ERR_VENC_SYS_ERROR': 0xa0088015,
    'HI_ERR_SYS_ILLEGAL_PARAM': 0xa0028003, 'HI_ERR_SYS_EXIST': 0xa0028004,
    'HI_ERR_SYS_UNEXIST': 0xa0028005, 'HI_ERR_SYS_NULL_PTR': 0xa0028006,
    'HI_ERR_SYS_NOT_PERM': 0xa0028009, 'HI_ERR_SYS_NO_MEM': 0xa002800c,
    'HI_ERR_SYS_NOT_READY': 0xa0028010,
}


def exported():
    """The module's constants: its upper-case int attributes (HI_VIDEO_FORMAT_TILE_64x16
    has a lower-case x, so it is checked by name)."""
    names = [n for n in vars(acl) if n[:1].isupper() and isinstance(getattr(acl, n), int)]
    return {n: getattr(acl, n) for n in names}


@pytest.fixture(scope="module")
def c_values(tmp_path_factory):
    """{name: value} as gcc reads them from the public C headers."""
    gcc = shutil.which("gcc")
    assert gcc, "gcc is needed to read the C headers' values"
    names = sorted(set(HAND_WRITTEN) | set(exported()))
    d = tmp_path_factory.mktemp("acl_constants")
    src = d / "print_constants.c"
    src.write_text('#include <stdio.h>\n#include "hi_dvpp.h"\n#include "fk_acl.h"\n'
                   "int main(void) {\n" +
                   "".join('  printf("%%s %%lld\\n", "%s", (long long)(%s));\n' % (n, n)
                           for n in names) +
                   "  return 0;\n}\n")
    exe = d / "print_constants"
    subprocess.run([gcc, "-std=c11", "-Wall", "-Werror", "-I", COMPAT_INCLUDE, str(src), "-o",
                    str(exe)], check=True, capture_output=True, text=True)
    out = subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout
    values = {}
    for line in out.splitlines():
        name, value = line.split()
        values[name] = int(value)
    assert sorted(values) == names
    return values


def test_every_constant_equals_the_c_headers_value(c_values):
    got = exported()
    wrong = {n: (v, c_values[n]) for n, v in got.items() if v != c_values[n]}
    assert not wrong, "acl value != C header value: %s" % wrong
    assert _framekit._acl.constants() == got


def test_no_previously_exported_name_disappeared():
    got = exported()
    assert sorted(got) == sorted(HAND_WRITTEN)
    # The star-import list is the same, in the same order (the stubs' __all__ follows it).
    assert acl.__all__ == [n for n in HAND_WRITTEN if n.isupper()]
    assert len(acl.__all__) == 102


def test_header_values_are_the_hand_written_ones(c_values):
    # The hand copies were right: moving to the headers changed no number.
    assert {n: c_values[n] for n in HAND_WRITTEN} == HAND_WRITTEN


def test_constants_are_typed_int():
    annotations = acl.__annotations__
    untyped = [n for n in HAND_WRITTEN if annotations.get(n) not in ("int", int)]
    assert not untyped, untyped
    stub = os.path.join(os.path.dirname(acl.__file__), "acl.pyi")
    text = open(stub).read()
    missing = [n for n in HAND_WRITTEN if "\n%s: int\n" % n not in text]
    assert not missing, "not typed in acl.pyi: %s" % missing


def test_the_check_can_fail(c_values, tmp_path):
    # The gcc route really reads the header: a changed value shows.
    header = tmp_path / "fk_acl.h"
    text = open(os.path.join(COMPAT_INCLUDE, "fk_acl.h")).read()
    header.write_text(text.replace("#define ACL_ERROR_BAD_ALLOC 200000",
                                   "#define ACL_ERROR_BAD_ALLOC 200001"))
    src = tmp_path / "p.c"
    src.write_text('#include <stdio.h>\n#include "fk_acl.h"\n'
                   'int main(void) { printf("%d\\n", ACL_ERROR_BAD_ALLOC); return 0; }\n')
    exe = tmp_path / "p"
    subprocess.run(["gcc", "-I", str(tmp_path), str(src), "-o", str(exe)], check=True)
    out = subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout
    assert int(out) == 200001 != acl.ACL_ERROR_BAD_ALLOC == c_values["ACL_ERROR_BAD_ALLOC"]
