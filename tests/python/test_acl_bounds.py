"""framekit.acl with bad pointers and frame descriptions (issue 23, finding 2).

pyACL code passes raw addresses; one that runs past its dvpp_malloc block, starts at its
end or lies in a freed block must come back as an error code (or raise), never read or
write outside the block and never crash the interpreter. Each risky case runs in a fresh
interpreter, so a crash fails its test instead of killing pytest.
"""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import framekit.acl as acl
from framekit.acl import *  # noqa: F401,F403

PRELUDE = """
import numpy as np
import framekit.acl as acl
from framekit.acl import *
assert acl.init() == ACL_SUCCESS
assert acl.rt.set_device(0) == ACL_SUCCESS
context, ret = acl.rt.create_context(0)
assert acl.himpi.sys_init() == HI_SUCCESS

def channel(chn, buf_size=1 << 20, size=2048):
    attr = {'venc_attr': {'type': HI_PT_JPEG, 'max_pic_width': size, 'max_pic_height': size,
                          'buf_size': buf_size}}
    assert acl.himpi.venc_create_chn(chn, attr) == HI_SUCCESS
    assert acl.himpi.venc_start_chn(chn, {'recv_pic_num': -1}) == HI_SUCCESS

def nv12(addr, w=64, h=64, height_stride=0):
    return {'v_frame': {'width': w, 'height': h,
                        'pixel_format': HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420,
                        'width_stride': [w, 0, 0], 'height_stride': [height_stride, 0, 0],
                        'virt_addr': [addr, 0, 0]}}

def encode(chn, frame):
    ret = acl.himpi.venc_send_frame(chn, frame, -1)
    if ret != HI_SUCCESS:
        return None, ret
    stream, ret = acl.himpi.venc_get_stream(chn, {'pack_cnt': 1}, 10000)
    assert ret == HI_SUCCESS, acl.himpi.last_error()
    data = acl.util.ptr_to_bytes(stream['pack'][0]['addr'], stream['pack'][0]['len'])
    assert acl.himpi.venc_release_stream(chn, stream) == HI_SUCCESS
    return data, ret
"""


def run_isolated(body, **env):
    """Runs `body` after PRELUDE in a new interpreter; fails on any crash or assertion."""
    proc = subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(body)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env})
    assert proc.returncode == 0, (
        f"exit status {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    assert proc.stdout.strip().endswith("done"), proc.stdout


def test_derived_chroma_at_the_block_end_is_a_bad_address():
    run_isolated("""
        channel(0)
        addr, ret = acl.himpi.dvpp_malloc(0, 6144)      # one 64x64 NV12 picture
        frame = nv12(addr, height_stride=96)            # chroma derived at the block end
        assert acl.himpi.venc_send_frame(0, frame, 0) == HI_ERR_VENC_BAD_ADDR
        assert 'plane 1' in acl.himpi.last_error(), acl.himpi.last_error()
        size, ret = acl.himpi.venc_get_jpege_predicted_size(frame, None)
        assert ret == HI_ERR_VENC_BAD_ADDR
        channel(1, buf_size=0)
        out, ret = acl.himpi.dvpp_malloc(0, 1 << 16)
        assert acl.himpi.venc_send_jpege_frame(1, frame, {'addr': out, 'len': 1 << 16},
                                               0) == HI_ERR_VENC_BAD_ADDR
        data, ret = encode(0, nv12(addr, height_stride=64))   # the honest description
        assert ret == HI_SUCCESS and data[:2] == b'\\xff\\xd8'
        for c in (0, 1):
            assert acl.himpi.venc_stop_chn(c) == HI_SUCCESS
            assert acl.himpi.venc_destroy_chn(c) == HI_SUCCESS
        assert acl.himpi.dvpp_free(addr) == HI_SUCCESS
        assert acl.himpi.dvpp_free(out) == HI_SUCCESS
        print('done')
    """)


def test_huge_height_stride_is_refused_not_wrapped():
    run_isolated("""
        channel(0)
        addr, ret = acl.himpi.dvpp_malloc(0, 6144)
        host = np.zeros(6144, np.uint8)
        for base in (addr, acl.util.numpy_to_ptr(host)):    # tracked and untracked memory
            frame = nv12(base, height_stride=0xFFFFFFFF)
            assert acl.himpi.venc_send_frame(0, frame, 0) == HI_ERR_VENC_ILLEGAL_PARAM
            assert '4294967295' in acl.himpi.last_error()
            size, ret = acl.himpi.venc_get_jpege_predicted_size(frame, None)
            assert ret == HI_ERR_VENC_ILLEGAL_PARAM
        # A value too large for the 32-bit field is refused, not cut to its low bits (2**32
        # + 64 would otherwise become a plausible 64).
        try:
            acl.himpi.venc_send_frame(0, nv12(addr, height_stride=(1 << 32) + 64), 0)
            raise AssertionError('a 33-bit height_stride was accepted')
        except ValueError as e:
            assert 'height_stride' in str(e)
        assert acl.himpi.venc_stop_chn(0) == HI_SUCCESS
        assert acl.himpi.venc_destroy_chn(0) == HI_SUCCESS
        assert acl.himpi.dvpp_free(addr) == HI_SUCCESS
        print('done')
    """)


def test_predicted_size_of_a_1080p_frame_over_a_small_block_is_a_bad_address():
    run_isolated("""
        addr, ret = acl.himpi.dvpp_malloc(0, 6144)
        size, ret = acl.himpi.venc_get_jpege_predicted_size(nv12(addr, 1920, 1080), None)
        assert ret == HI_ERR_VENC_BAD_ADDR, hex(ret)
        assert 'plane 0' in acl.himpi.last_error()
        assert acl.himpi.dvpp_free(addr) == HI_SUCCESS
        print('done')
    """)


def test_a_frame_exactly_filling_its_block_encodes_like_a_fresh_buffer():
    run_isolated("""
        channel(0)
        pixels = (np.arange(6144) * 7 % 251).astype(np.uint8)
        exact, _ = acl.himpi.dvpp_malloc(0, 6144)
        short, _ = acl.himpi.dvpp_malloc(0, 6143)
        assert acl.rt.memcpy(exact, 6144, acl.util.numpy_to_ptr(pixels), 6144,
                             ACL_MEMCPY_HOST_TO_DEVICE) == ACL_SUCCESS
        in_block, ret = encode(0, nv12(exact))
        assert ret == HI_SUCCESS
        copy = pixels.copy()      # kept alive: the engine reads it asynchronously
        fresh, ret = encode(0, nv12(acl.util.numpy_to_ptr(copy)))
        assert ret == HI_SUCCESS and in_block == fresh
        assert encode(0, nv12(short))[1] == HI_ERR_VENC_BAD_ADDR    # one byte short
        # Given planes, each in its own exact block; then the chroma given at the end of
        # the luma's block.
        luma, _ = acl.himpi.dvpp_malloc(0, 4096)
        chroma, _ = acl.himpi.dvpp_malloc(0, 2048)
        acl.rt.memcpy(luma, 4096, acl.util.numpy_to_ptr(pixels), 4096, ACL_MEMCPY_HOST_TO_DEVICE)
        acl.rt.memcpy(chroma, 2048, acl.util.numpy_to_ptr(pixels[4096:]), 2048,
                      ACL_MEMCPY_HOST_TO_DEVICE)
        frame = nv12(luma)
        frame['v_frame']['virt_addr'] = [luma, chroma, 0]
        assert encode(0, frame) == (fresh, HI_SUCCESS)
        frame['v_frame']['virt_addr'] = [luma, luma + 4096, 0]
        assert encode(0, frame)[1] == HI_ERR_VENC_BAD_ADDR
        assert 'plane 1' in acl.himpi.last_error()
        assert acl.himpi.dvpp_free(luma) == HI_SUCCESS
        assert acl.himpi.dvpp_free(chroma) == HI_SUCCESS
        assert acl.himpi.venc_stop_chn(0) == HI_SUCCESS
        assert acl.himpi.venc_destroy_chn(0) == HI_SUCCESS
        assert acl.himpi.dvpp_free(exact) == HI_SUCCESS
        assert acl.himpi.dvpp_free(short) == HI_SUCCESS
        print('done')
    """)


def test_a_freed_block_is_a_bad_address():
    run_isolated("""
        channel(0)
        addr, ret = acl.himpi.dvpp_malloc(0, 1920 * 1080 * 3 // 2)   # mmap-sized
        assert acl.himpi.dvpp_free(addr) == HI_SUCCESS
        assert acl.himpi.venc_send_frame(0, nv12(addr, 1920, 1080), 0) == HI_ERR_VENC_BAD_ADDR
        assert 'freed' in acl.himpi.last_error()
        size, ret = acl.himpi.venc_get_jpege_predicted_size(nv12(addr, 1920, 1080), None)
        assert ret == HI_ERR_VENC_BAD_ADDR
        try:
            acl.util.ptr_to_bytes(addr, 16)
            raise AssertionError('ptr_to_bytes read a freed block')
        except ValueError:
            pass
        host = np.zeros(16, np.uint8)
        assert acl.rt.memcpy(acl.util.numpy_to_ptr(host), 16, addr, 16,
                             ACL_MEMCPY_DEVICE_TO_HOST) == ACL_ERROR_INVALID_PARAM
        assert acl.himpi.venc_stop_chn(0) == HI_SUCCESS
        assert acl.himpi.venc_destroy_chn(0) == HI_SUCCESS
        print('done')
    """)


def test_ptr_to_bytes_and_copies_stop_at_the_block_end():
    run_isolated("""
        addr, ret = acl.himpi.dvpp_malloc(0, 4096)
        for start, size in ((addr + 4096, 1 << 20), (addr + 4096, 1), (addr + 4095, 2),
                            (addr, 4097), (addr + 1, (1 << 64) - 1)):
            try:
                acl.util.ptr_to_bytes(start, size)
                raise AssertionError(f'ptr_to_bytes(addr + {start - addr}, {size}) read')
            except ValueError as e:
                assert 'block' in str(e) or 'too large' in str(e), str(e)
        assert len(acl.util.ptr_to_bytes(addr, 4096)) == 4096
        assert acl.util.ptr_to_bytes(addr + 4096, 0) == b''
        host = np.zeros(64, np.uint8)
        h = acl.util.numpy_to_ptr(host)
        for kind in (ACL_MEMCPY_HOST_TO_DEVICE, ACL_MEMCPY_DEFAULT):
            assert acl.rt.memcpy(addr + 4096, 64, h, 64, kind) == ACL_ERROR_INVALID_PARAM
            assert acl.rt.memcpy(addr + 4064, 64, h, 64, kind) == ACL_ERROR_INVALID_PARAM
        for kind in (ACL_MEMCPY_DEVICE_TO_HOST, ACL_MEMCPY_DEFAULT):
            assert acl.rt.memcpy(h, 64, addr + 4096, 64, kind) == ACL_ERROR_INVALID_PARAM
        assert acl.rt.memcpy(h, 64, addr + 4032, 64, ACL_MEMCPY_DEVICE_TO_HOST) == ACL_SUCCESS
        assert acl.himpi.dvpp_free(addr) == HI_SUCCESS
        print('done')
    """)


def test_device_run_mode_copies_stop_at_the_block_end():
    """ACL_DEVICE: every pointer is device memory, so only the block bounds protect."""
    run_isolated("""
        assert acl.rt.get_run_mode()[0] == ACL_DEVICE
        addr, ret = acl.himpi.dvpp_malloc(0, 4096)
        src = bytes(64)
        for dst in (addr + 4096, addr + 4033):
            assert acl.rt.memcpy(dst, 64, acl.util.bytes_to_ptr(src), 64,
                                 ACL_MEMCPY_DEVICE_TO_DEVICE) == ACL_ERROR_INVALID_PARAM
        assert acl.rt.memcpy(addr + 4032, 64, acl.util.bytes_to_ptr(src), 64,
                             ACL_MEMCPY_DEVICE_TO_DEVICE) == ACL_SUCCESS
        assert acl.himpi.dvpp_free(addr) == HI_SUCCESS
        print('done')
    """, FRAMEKIT_ACL_RUN_MODE="device")


def test_huge_counts_do_not_allocate_before_the_check():
    run_isolated("""
        ep, ret = acl.himpi.sys_create_epoll(4)
        events, n, ret = acl.himpi.sys_wait_epoll(ep, 2**31 - 1, 0)
        assert ret == HI_ERR_SYS_ILLEGAL_PARAM and events == []
        assert acl.himpi.sys_close_epoll(ep) == HI_SUCCESS
        channel(0)
        stream, ret = acl.himpi.venc_get_stream(0, {'pack_cnt': 2**32 - 1}, 0)
        assert stream is None and ret == HI_ERR_VENC_BUF_EMPTY
        assert acl.himpi.venc_stop_chn(0) == HI_SUCCESS
        assert acl.himpi.venc_destroy_chn(0) == HI_SUCCESS
        print('done')
    """)


def test_pointers_of_strided_views_are_refused():
    """A reversed or strided view's address is not where its nbytes bytes are."""
    a = np.arange(64, dtype=np.uint8)
    assert acl.util.numpy_to_ptr(a) == a.ctypes.data
    assert acl.util.bytes_to_ptr(a) == a.ctypes.data
    assert acl.util.bytes_to_ptr(b"xyz") != 0
    for view in (a[::-1], a[::2], a.reshape(8, 8)[:, :4]):
        with pytest.raises(ValueError, match="contiguous"):
            acl.util.numpy_to_ptr(view)
        with pytest.raises((ValueError, BufferError)):
            acl.util.bytes_to_ptr(view)
        with pytest.raises((ValueError, BufferError)):
            acl.util.bytes_to_ptr(memoryview(a)[::-1])


def test_wild_host_addresses_are_errors_not_crashes():
    """An integer that is no memory of the process (found by the pyacl fuzz target as a
    SIGSEGV in predicted size) gives the error code or ValueError, never a crash."""
    run_isolated("""
        import mmap
        channel(0)
        for wild in (0x3533, 1 << 40):
            frame = nv12(wild, height_stride=64)
            assert acl.himpi.venc_send_frame(0, frame, 0) == HI_ERR_VENC_BAD_ADDR
            assert 'not readable memory' in acl.himpi.last_error(), acl.himpi.last_error()
            size, ret = acl.himpi.venc_get_jpege_predicted_size(frame, None)
            assert ret == HI_ERR_VENC_BAD_ADDR
            try:
                acl.util.ptr_to_bytes(wild, 16)
                raise AssertionError('ptr_to_bytes read a wild address')
            except ValueError as e:
                assert 'not readable memory' in str(e), e
            host = np.zeros(64, np.uint8)
            h = acl.util.numpy_to_ptr(host)
            assert acl.rt.memcpy(h, 64, wild, 16, 0) == ACL_ERROR_INVALID_PARAM  # wild source
            assert acl.rt.memcpy(wild, 64, h, 16, 0) == ACL_ERROR_INVALID_PARAM  # wild destination
            assert acl.rt.memcpy(h, 64, wild, 16, 4) == ACL_ERROR_INVALID_PARAM  # ACL_MEMCPY_DEFAULT
        assert acl.himpi.venc_stop_chn(0) == HI_SUCCESS
        assert acl.himpi.venc_destroy_chn(0) == HI_SUCCESS
        print('done')
    """)
