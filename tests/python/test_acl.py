"""framekit.acl: the seed's pyACL JPEGE sample (its typos fixed) runs and writes a valid
JPEG; both memory modes, epoll and blocking waits; the error codes come back as `ret`.

JPEGs are decoded with djpeg (libjpeg-turbo), independently of framekit.
"""
import subprocess
import threading
import time

import numpy as np
import pytest

import framekit
import framekit.acl as acl
from framekit.acl import *  # noqa: F401,F403  (the sample uses the bare constant names)


def _parse_pnm(out):
    """(magic, pixels array) of a binary PGM/PPM: three numbers, one whitespace, data."""
    magic, pos, numbers = out[:2], 2, []
    while len(numbers) < 3:
        while out[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while out[pos:pos + 1].isdigit():
            pos += 1
        numbers.append(int(out[start:pos]))
    w, h, _ = numbers
    pixels = np.frombuffer(out[pos + 1:], dtype=np.uint8)
    return pixels.reshape(h, w) if magic == b"P5" else pixels.reshape(h, w, 3)


def djpeg(data):
    """Decodes a JPEG with libjpeg-turbo's djpeg; returns an HxW or HxWx3 uint8 array."""
    out = subprocess.run(["djpeg", "-dct", "int", "-pnm"], input=bytes(data),
                         capture_output=True, check=True).stdout
    return _parse_pnm(out)


def gray_decode(data):
    out = subprocess.run(["djpeg", "-dct", "int", "-grayscale", "-pnm"], input=bytes(data),
                         capture_output=True, check=True).stdout
    return _parse_pnm(out)


def psnr(a, b):
    err = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return 99.0 if err == 0 else 10 * np.log10(255.0 ** 2 / err)


def nv12_picture(w=128, h=128, seed=0):
    y, x = np.mgrid[0:h, 0:w]
    luma = (128 + 90 * np.sin(0.05 * x + 0.03 * y + seed)).astype(np.uint8)
    uv = np.empty((h // 2, w), np.uint8)
    uv[:, 0::2] = (128 + 30 * np.cos(0.1 * x[: h // 2, 0::2])).astype(np.uint8)
    uv[:, 1::2] = 120
    return luma, np.concatenate([luma, uv]).tobytes()


@pytest.fixture
def acl_session():
    """acl.init + device + context + sys_init around a test (the sample does its own)."""
    assert acl.init() == ACL_SUCCESS
    assert acl.rt.set_device(0) == ACL_SUCCESS
    context, ret = acl.rt.create_context(0)
    assert ret == ACL_SUCCESS
    assert acl.himpi.sys_init() == HI_SUCCESS
    yield
    assert acl.himpi.sys_exit() == HI_SUCCESS
    assert acl.rt.destroy_context(context) == ACL_SUCCESS
    assert acl.rt.reset_device(0) == ACL_SUCCESS
    assert acl.finalize() == ACL_SUCCESS


@pytest.mark.parametrize("run_mode_env", ["host", "device"])
def test_seed_sample_runs_and_writes_a_valid_jpeg(tmp_path, monkeypatch, run_mode_env):
    """The seed's sample, step by step, with only its typos fixed (marked FIX)."""
    monkeypatch.setenv("FRAMEKIT_ACL_RUN_MODE", run_mode_env)
    luma, yuv = nv12_picture()
    jpege_file_path = str(tmp_path / "input_128x128_nv12.yuv")
    open(jpege_file_path, "wb").write(yuv)
    output_path = tmp_path / "out.jpg"
    cur_time = 1234  # FIX: the sample uses cur_time without defining it

    # 1.获取软件栈的运行模式
    run_mode, ret = acl.rt.get_run_mode()
    assert run_mode == (ACL_HOST if run_mode_env == "host" else ACL_DEVICE)
    # 2.pyACL 初始化。
    ret = acl.init()
    # 3.运行管理资源申请(依次申请Device、Context)。
    ret = acl.rt.set_device(0)
    context, ret = acl.rt.create_context(0)
    # 4.初始化媒体数据处理系统。
    ret = acl.himpi.sys_init()
    assert ret == HI_SUCCESS
    # 5.创建通道。
    channel_id = 0
    venc_attr = {'type': HI_PT_JPEG, 'profile': 0, 'max_pic_width': 128, 'pic_width': 128,
                 'max_pic_height': 128, 'pic_height': 128, 'buf_size': 1024 * 1024 * 2,
                 'is_by_frame': 1}
    # FIX: the sample's key 'large_thumbnail_num ' has a trailing space
    jpeg_attr = {'recv_mode': HI_VENC_PIC_RECV_SINGLE, 'mpf_cfg': {'large_thumbnail_num': 0}}
    attr = {'venc_attr': venc_attr, 'jpeg_attr': jpeg_attr}
    ret = acl.himpi.venc_create_chn(channel_id, attr)
    assert ret == HI_SUCCESS, acl.himpi.last_error()
    # 6.设置JPEGE参数。
    param, ret = acl.himpi.venc_get_jpeg_param(channel_id)
    param['qfactor'] = 100
    ret = acl.himpi.venc_set_jpeg_param(channel_id, param)
    assert ret == HI_SUCCESS
    # 7.通知编码器开始接收输入数据。
    recv_param = {'recv_pic_num': -1}
    ret = acl.himpi.venc_start_chn(channel_id, recv_param)
    assert ret == HI_SUCCESS
    # 8.发送输入数据。
    # 8.1 申请输入内存。
    input_size = 128 * 128 * 3 // 2
    input_addr, ret = acl.himpi.dvpp_malloc(0, input_size);  # noqa: E703
    assert ret == HI_SUCCESS
    if run_mode == ACL_HOST:
        # 将输入图片读入内存中。
        jpege_file = np.fromfile(jpege_file_path, dtype=np.byte)  # FIX: was jpege_filee_path
        jpege_file_size = jpege_file.itemsize * jpege_file.size
        bytes_data = jpege_file.tobytes()
        jpege_file_ptr = acl.util.bytes_to_ptr(bytes_data)
        # 数据传输。
        ret = acl.rt.memcpy(input_addr, input_size, jpege_file_ptr, jpege_file_size,
                            ACL_MEMCPY_HOST_TO_DEVICE)
    else:
        jpege_file = np.fromfile(jpege_file_path, dtype=np.byte)
        jpege_file_size = jpege_file.itemsize * jpege_file.size  # FIX: overwrote jpege_file
        bytes_data = jpege_file.tobytes()
        jpege_file_ptr = acl.util.bytes_to_ptr(bytes_data)
        ret = acl.rt.memcpy(input_addr, input_size, jpege_file_ptr, jpege_file_size,
                            ACL_MEMCPY_DEVICE_TO_DEVICE)
    assert ret == ACL_SUCCESS
    # 8.2 发送输入数据，开始编码。
    v_frame = {'width': 128, 'height': 128, 'field': HI_VIDEO_FIELD_FRAME,
               'pixel_format': HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420,
               'video_format': HI_VIDEO_FORMAT_LINEAR, 'compress_mode': HI_COMPRESS_MODE_NONE,
               'dynamic_range': HI_DYNAMIC_RANGE_SDR8, 'color_gamut': HI_COLOR_GAMUT_BT709,
               'header_stride': [0, 0, 0], 'width_stride': [128, 0, 0],
               'height_stride': [0, 0, 0], 'header_phys_addr': [0, 0, 0],
               'phys_addr': [0, 0, 0], 'header_virt_addr': [0, 0, 0],
               'virt_addr': [input_addr, 0, 0], 'time_ref': 0, 'pts': cur_time}
    frame = {'v_frame': v_frame, 'pool_id': 0, 'mod_id': HI_ID_VGS}
    ret = acl.himpi.venc_send_frame(channel_id, frame, 0)
    assert ret == HI_SUCCESS, acl.himpi.last_error()
    # 9.获取编码结果。
    # 9.1 通过EPOLL处理编码完成事件。
    fd = acl.himpi.venc_get_fd(channel_id)
    epoll_fd, ret = acl.himpi.sys_create_epoll(10)
    event = {}  # FIX: the sample fills `event` without creating it
    event['data'] = fd
    event['events'] = HI_DVPP_EPOLL_IN
    ret = acl.himpi.sys_ctl_epoll(epoll_fd, HI_DVPP_EPOLL_CTL_ADD, fd, event)
    assert ret == HI_SUCCESS
    # 编码完成前，会超时阻塞在这里，一旦完成，才会往下执行。
    events, eventCount, ret = acl.himpi.sys_wait_epoll(epoll_fd, 3, 1000);  # noqa: E703
    assert ret == HI_SUCCESS and eventCount == 1 and events[0]['data'] == fd
    # 9.2 获取编码结果。
    status, ret = acl.himpi.venc_query_status(channel_id)
    stream = {'pack_cnt': status['cur_packs']}
    stream, ret = acl.himpi.venc_get_stream(channel_id, stream, 1000)  # FIX: self.channel_id
    assert ret == HI_SUCCESS
    assert stream['pack'][0]['pts'] == cur_time
    assert stream['pack'][0]['input_addr'] == input_addr
    # 9.3 获取编码输出码流数据。
    output_size = stream['pack'][0]['len']  # FIX: the sample's output_ize is never set
    if run_mode == ACL_HOST:
        # 申请Host内存。
        output_buffer, ret = acl.rt.malloc_host(output_size)
        # 数据传输。
        ret = acl.rt.memcpy(output_buffer, output_size, stream['pack'][0]['addr'], output_size,
                            ACL_MEMCPY_DEVICE_TO_HOST)
        assert ret == ACL_SUCCESS
        output_path.write_bytes(acl.util.ptr_to_bytes(output_buffer, output_size))
        # 数据使用完成后，及时释放不使用的内存。
        ret = acl.rt.free_host(output_buffer)
    else:
        # 可以直接使用编码输出码流数据，在stream['pack'][0]['addr']指向的内存中。
        output_path.write_bytes(acl.util.ptr_to_bytes(stream['pack'][0]['addr'], output_size))
    # 10.释放输入内存和输出码流。
    ret = acl.himpi.dvpp_free(input_addr)
    assert ret == HI_SUCCESS
    ret = acl.himpi.venc_release_stream(channel_id, stream)
    assert ret == HI_SUCCESS
    # 11.通知编码器停止接收输入数据。
    ret = acl.himpi.venc_stop_chn(channel_id)
    ret = acl.himpi.sys_ctl_epoll(epoll_fd, HI_DVPP_EPOLL_CTL_DEL, fd, event)
    assert ret == HI_SUCCESS
    ret = acl.himpi.sys_close_epoll(epoll_fd)
    # 12.销毁通道。
    ret = acl.himpi.venc_destroy_chn(channel_id)
    assert ret == HI_SUCCESS
    # 13. 媒体数据处理系统去初始化。
    ret = acl.himpi.sys_exit()
    # 14. 释放运行管理资源(依次释放Context、Device)。
    ret = acl.rt.destroy_context(context)
    ret = acl.rt.reset_device(0)
    # 15.pyACL去初始化。
    ret = acl.finalize()
    assert ret == ACL_SUCCESS

    data = output_path.read_bytes()
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    assert b"\xff\xfe" not in data[:data.index(b"\xff\xda")]  # managed mode: no COM
    assert psnr(gray_decode(data), luma) > 40


def test_caller_buffer_mode_with_blocking_get(acl_session):
    luma, yuv = nv12_picture(seed=2)
    attr = {'venc_attr': {'type': HI_PT_JPEG, 'max_pic_width': 128, 'max_pic_height': 128,
                          'pic_width': 128, 'pic_height': 128, 'buf_size': 0,
                          'is_by_frame': 1}}
    assert acl.himpi.venc_create_chn(7, attr) == HI_SUCCESS
    assert acl.himpi.venc_start_chn(7, {'recv_pic_num': -1}) == HI_SUCCESS
    input_addr, ret = acl.himpi.dvpp_malloc(0, len(yuv))
    host = np.frombuffer(yuv, np.uint8)
    assert acl.rt.memcpy(input_addr, len(yuv), acl.util.numpy_to_ptr(host), len(yuv),
                         ACL_MEMCPY_HOST_TO_DEVICE) == ACL_SUCCESS
    frame = {'v_frame': {'width': 128, 'height': 128, 'pixel_format':
                         HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420, 'width_stride': [128, 128, 0],
                         'virt_addr': [input_addr, input_addr + 128 * 128, 0], 'pts': 5},
             'mod_id': HI_ID_VENC}
    param, ret = acl.himpi.venc_get_jpeg_param(7)
    size, ret = acl.himpi.venc_get_jpege_predicted_size(frame, param)
    assert ret == HI_SUCCESS and size > 0
    out_addr, ret = acl.himpi.dvpp_malloc(0, size)
    assert out_addr % 16 == 0
    assert acl.himpi.venc_send_frame(7, frame, 0) == HI_ERR_VENC_NOT_SUPPORT
    ret = acl.himpi.venc_send_jpege_frame(7, frame, {'type': HI_PT_JPEG, 'addr': out_addr,
                                                    'len': size}, -1)
    assert ret == HI_SUCCESS
    stream, ret = acl.himpi.venc_get_stream(7, {'pack_cnt': 1}, -1)
    assert ret == HI_SUCCESS
    pack = stream['pack'][0]
    assert pack['addr'] == out_addr and pack['len'] <= size and pack['pts'] == 5
    data = acl.util.ptr_to_bytes(pack['addr'], pack['len'])
    header = data[:data.index(b"\xff\xda")]
    com = header.index(b"\xff\xfe")  # this mode writes a short COM segment
    assert 4 <= int.from_bytes(header[com + 2:com + 4], "big") + 2 <= 19
    assert psnr(gray_decode(data), luma) > 40
    assert acl.himpi.venc_release_stream(7, stream) == HI_SUCCESS
    assert acl.himpi.venc_release_stream(7, stream) == HI_ERR_VENC_ILLEGAL_PARAM
    assert acl.himpi.venc_stop_chn(7) == HI_SUCCESS
    assert acl.himpi.venc_destroy_chn(7) == HI_SUCCESS
    assert acl.himpi.dvpp_free(input_addr) == HI_SUCCESS
    assert acl.himpi.dvpp_free(out_addr) == HI_SUCCESS


def test_epoll_wait_in_a_user_thread_over_several_channels(acl_session):
    """The flow's 'user thread waits on epoll' step, with four channels at once."""
    attr = {'venc_attr': {'type': HI_PT_JPEG, 'max_pic_width': 64, 'max_pic_height': 64,
                          'buf_size': 1 << 20}}
    chans = [10, 11, 12, 13]
    epoll_fd, ret = acl.himpi.sys_create_epoll(10)
    fds = {}
    for c in chans:
        assert acl.himpi.venc_create_chn(c, attr) == HI_SUCCESS
        assert acl.himpi.venc_start_chn(c, {'recv_pic_num': -1}) == HI_SUCCESS
        fds[acl.himpi.venc_get_fd(c)] = c
        assert acl.himpi.sys_ctl_epoll(epoll_fd, HI_DVPP_EPOLL_CTL_ADD, acl.himpi.venc_get_fd(c),
                                       {'events': HI_DVPP_EPOLL_IN,
                                        'data': acl.himpi.venc_get_fd(c)}) == HI_SUCCESS
    frames_per_channel = 5
    got = {c: [] for c in chans}

    def waiter():
        total = 0
        while total < len(chans) * frames_per_channel:
            events, n, ret = acl.himpi.sys_wait_epoll(epoll_fd, 8, 2000)
            assert ret == HI_SUCCESS and n > 0
            for ev in events:
                c = fds[ev['data']]
                stream, ret = acl.himpi.venc_get_stream(c, {'pack_cnt': 1}, 0)
                if ret == HI_ERR_VENC_BUF_EMPTY:
                    continue
                assert ret == HI_SUCCESS
                got[c].append(stream['pack'][0]['pts'])
                assert acl.himpi.venc_release_stream(c, stream) == HI_SUCCESS
                total += 1

    t = threading.Thread(target=waiter)
    t.start()
    _, yuv = nv12_picture(64, 64)
    buf, _ = acl.himpi.dvpp_malloc(0, len(yuv))
    acl.rt.memcpy(buf, len(yuv), acl.util.bytes_to_ptr(yuv), len(yuv), ACL_MEMCPY_HOST_TO_DEVICE)
    for i in range(frames_per_channel):
        for c in chans:
            frame = {'v_frame': {'width': 64, 'height': 64,
                                 'pixel_format': HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420,
                                 'virt_addr': [buf, 0, 0], 'pts': i}}
            assert acl.himpi.venc_send_frame(c, frame, -1) == HI_SUCCESS
    t.join(timeout=30)
    assert not t.is_alive()
    for c in chans:
        assert got[c] == list(range(frames_per_channel))
        assert acl.himpi.sys_ctl_epoll(epoll_fd, HI_DVPP_EPOLL_CTL_DEL,
                                       acl.himpi.venc_get_fd(c), None) == HI_SUCCESS
        assert acl.himpi.venc_stop_chn(c) == HI_SUCCESS
        assert acl.himpi.venc_destroy_chn(c) == HI_SUCCESS
    assert acl.himpi.sys_close_epoll(epoll_fd) == HI_SUCCESS
    assert acl.himpi.dvpp_free(buf) == HI_SUCCESS


def test_error_codes_come_back_as_ret(acl_session):
    attr = {'venc_attr': {'type': HI_PT_JPEG, 'max_pic_width': 64, 'max_pic_height': 64,
                          'buf_size': 1 << 20}}
    assert acl.himpi.venc_create_chn(300, attr) == HI_ERR_VENC_INVALID_CHN_ID
    assert acl.himpi.venc_destroy_chn(1) == HI_ERR_VENC_UNEXIST
    assert acl.himpi.venc_create_chn(1, attr) == HI_SUCCESS
    assert acl.himpi.venc_create_chn(1, attr) == HI_ERR_VENC_EXIST
    assert "exists" in acl.himpi.last_error()
    pixels = bytearray(64 * 96)
    frame = {'v_frame': {'width': 64, 'height': 64,
                         'virt_addr': [acl.util.bytes_to_ptr(pixels), 0, 0],
                         'pixel_format': HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420}}
    assert acl.himpi.venc_send_frame(1, frame, 0) == HI_ERR_VENC_NOT_PERM  # not started
    assert acl.himpi.venc_start_chn(1, {'recv_pic_num': 0}) == HI_ERR_VENC_ILLEGAL_PARAM
    assert acl.himpi.venc_start_chn(1, {'recv_pic_num': -1}) == HI_SUCCESS
    frame['v_frame']['virt_addr'] = [0, 0, 0]
    assert acl.himpi.venc_send_frame(1, frame, 0) == HI_ERR_VENC_NULL_PTR
    frame['v_frame']['pixel_format'] = 33  # ARGB1555
    assert acl.himpi.venc_send_frame(1, frame, 0) == HI_ERR_VENC_NOT_SUPPORT
    assert acl.himpi.venc_send_frame(4, frame, 0) == HI_ERR_VENC_UNEXIST
    assert acl.himpi.venc_destroy_chn(1) == HI_ERR_VENC_NOT_PERM  # still started
    stream, ret = acl.himpi.venc_get_stream(1, {'pack_cnt': 1}, 0)
    assert stream is None and ret == HI_ERR_VENC_BUF_EMPTY
    param, ret = acl.himpi.venc_get_jpeg_param(1)
    param['qfactor'] = 0
    assert acl.himpi.venc_set_jpeg_param(1, param) == HI_ERR_VENC_ILLEGAL_PARAM
    assert acl.himpi.venc_compact_jpeg_tables(1, 0, 1) == HI_SUCCESS
    huff, ret = acl.himpi.venc_get_jpeg_huffman_param(1)
    assert ret == HI_SUCCESS and len(huff['ac_tables'][0]['ac_value']) == 162
    assert acl.himpi.venc_set_jpeg_huffman_param(1, huff) == HI_SUCCESS
    assert acl.himpi.dvpp_free(12345) == HI_ERR_SYS_ILLEGAL_PARAM
    _, ret = acl.himpi.dvpp_malloc(1, 100)
    assert ret == HI_ERR_SYS_ILLEGAL_PARAM
    assert acl.himpi.sys_close_epoll(999) == HI_ERR_SYS_ILLEGAL_PARAM
    assert acl.himpi.venc_get_fd(99) < 0
    # Copies that run past a device block are refused, not done.
    dev, _ = acl.himpi.dvpp_malloc(0, 100)
    src = bytes(200)
    assert acl.rt.memcpy(dev, 200, acl.util.bytes_to_ptr(src), 200,
                         ACL_MEMCPY_HOST_TO_DEVICE) == ACL_ERROR_INVALID_PARAM
    assert acl.rt.memcpy(dev, 50, acl.util.bytes_to_ptr(src), 100,
                         ACL_MEMCPY_HOST_TO_DEVICE) == ACL_ERROR_INVALID_PARAM
    host = bytearray(100)
    assert acl.rt.memcpy(acl.util.bytes_to_ptr(host), 100, acl.util.bytes_to_ptr(src), 100,
                         ACL_MEMCPY_HOST_TO_DEVICE) == ACL_ERROR_INVALID_PARAM  # not device
    with pytest.raises(ValueError):
        acl.util.ptr_to_bytes(dev, 101)
    assert acl.himpi.dvpp_free(dev) == HI_SUCCESS
    assert acl.himpi.venc_stop_chn(1) == HI_SUCCESS
    assert acl.himpi.venc_destroy_chn(1) == HI_SUCCESS


def test_typos_in_dicts_raise_instead_of_passing_silently(acl_session):
    attr = {'venc_attr': {'type': HI_PT_JPEG, 'max_pic_width': 64, 'max_pic_height': 64,
                          'buf_size': 1 << 20},
            'jpeg_attr': {'mpf_cfg': {'large_thumbnail_num ': 0}}}  # the seed's typo
    with pytest.raises(ValueError, match="large_thumbnail_num "):
        acl.himpi.venc_create_chn(2, attr)
    with pytest.raises(TypeError):
        acl.himpi.venc_create_chn(2, {'venc_attr': {'max_pic_width': "64"}})
    with pytest.raises(ValueError, match="venc_attr"):
        acl.himpi.venc_create_chn(2, {})
    assert acl.himpi.venc_destroy_chn(2) == HI_ERR_VENC_UNEXIST  # nothing was created


def test_runtime_bookkeeping():
    assert acl.finalize() == ACL_ERROR_UNINITIALIZE
    assert acl.rt.set_device(0) == ACL_ERROR_UNINITIALIZE
    assert acl.init() == ACL_SUCCESS
    assert acl.init() == ACL_ERROR_REPEAT_INITIALIZE
    assert acl.rt.set_device(3) == ACL_ERROR_INVALID_PARAM
    assert acl.rt.set_device(0) == ACL_SUCCESS
    ctx, ret = acl.rt.create_context(0)
    assert ret == ACL_SUCCESS
    assert acl.rt.destroy_context(ctx) == ACL_SUCCESS
    assert acl.rt.destroy_context(ctx) == ACL_ERROR_INVALID_PARAM
    p, ret = acl.rt.malloc_host(64)
    assert ret == ACL_SUCCESS
    assert acl.himpi.dvpp_free(p) == HI_ERR_SYS_ILLEGAL_PARAM  # host memory, not dvpp
    assert acl.rt.free_host(p) == ACL_SUCCESS
    assert acl.rt.free_host(p) == ACL_ERROR_INVALID_PARAM
    d, ret = acl.rt.malloc(64)
    assert acl.rt.free(d) == ACL_SUCCESS
    assert acl.rt.reset_device(0) == ACL_SUCCESS
    assert acl.finalize() == ACL_SUCCESS
    assert acl.himpi.sys_exit() == HI_ERR_SYS_NOT_READY
