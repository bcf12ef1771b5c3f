/* The seed's JPEGE flow as a plain C11 program against framekit's hi_mpi_* headers,
 * written the way code for the hardware is: both memory modes, waiting with the DVPP
 * epoll wrappers and with a blocking get_stream. Each JPEG is decoded with TurboJPEG and
 * compared with the input. Exit status 0 = every check passed. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <turbojpeg.h>

#include "hi_dvpp.h"

static int g_failures = 0;

#define CHECK(cond, ...)                                        \
    do {                                                        \
        if (!(cond)) {                                          \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                       \
            fprintf(stderr, " (%s)\n", fk_jpege_last_error());  \
            ++g_failures;                                       \
        }                                                       \
    } while (0)

#define W 128
#define H 128

/* An NV12 picture with smooth gradients, laid out as the SDK's samples do: luma rows of
 * width_stride bytes, then the interleaved chroma plane. */
static void fill_nv12(uint8_t* p, uint32_t stride, int seed) {
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x)
            p[y * stride + x] = (uint8_t)(128 + 100 * sin(0.05 * x + 0.03 * y + seed));
    uint8_t* uv = p + stride * H;
    for (int y = 0; y < H / 2; ++y)
        for (int x = 0; x < W; ++x) uv[y * stride + x] = (uint8_t)(128 + 40 * cos(0.07 * x + 0.02 * y));
}

static double luma_psnr(const uint8_t* jpg, uint32_t len, const uint8_t* luma, uint32_t stride) {
    tjhandle h = tjInitDecompress();
    static uint8_t out[W * H];
    int w = 0, hh = 0, ss = 0, cs = 0;
    double se = 0;
    if (tjDecompressHeader3(h, jpg, len, &w, &hh, &ss, &cs) != 0 || w != W || hh != H ||
        tjDecompress2(h, jpg, len, out, W, 0, H, TJPF_GRAY, TJFLAG_ACCURATEDCT) != 0) {
        tjDestroy(h);
        return 0;
    }
    tjDestroy(h);
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) {
            const double e = (double)out[y * W + x] - luma[y * stride + x];
            se += e * e;
        }
    return se == 0 ? 99 : 10 * log10(255.0 * 255.0 * W * H / se);
}

static int has_com_segment(const uint8_t* d, uint32_t len, int* com_bytes) {
    uint32_t pos = 2;
    while (pos + 4 <= len && d[pos] == 0xFF) {
        const uint32_t l = (uint32_t)d[pos + 2] << 8 | d[pos + 3];
        if (d[pos + 1] == 0xFE) {
            *com_bytes = (int)l + 2;
            return 1;
        }
        if (d[pos + 1] == 0xDA) break;
        pos += 2 + l;
    }
    return 0;
}

static void make_frame(hi_video_frame_info* frame, void* addr, uint32_t stride, uint64_t pts) {
    memset(frame, 0, sizeof *frame);
    frame->mod_id = HI_ID_VENC;
    frame->v_frame.width = W;
    frame->v_frame.height = H;
    frame->v_frame.field = HI_VIDEO_FIELD_FRAME;
    frame->v_frame.pixel_format = HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420;
    frame->v_frame.video_format = HI_VIDEO_FORMAT_LINEAR;
    frame->v_frame.compress_mode = HI_COMPRESS_MODE_NONE;
    frame->v_frame.dynamic_range = HI_DYNAMIC_RANGE_SDR8;
    frame->v_frame.color_gamut = HI_COLOR_GAMUT_BT709;
    frame->v_frame.width_stride[0] = stride;
    frame->v_frame.width_stride[1] = stride;
    frame->v_frame.virt_addr[0] = addr;
    frame->v_frame.virt_addr[1] = (hi_void*)((uintptr_t)addr + stride * H);
    frame->v_frame.pts = pts;
}

static void create_channel(hi_venc_chn chn, hi_u32 buf_size) {
    hi_venc_chn_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.venc_attr.type = HI_PT_JPEG;
    attr.venc_attr.profile = 0;
    attr.venc_attr.max_pic_width = W;
    attr.venc_attr.max_pic_height = H;
    attr.venc_attr.pic_width = W;
    attr.venc_attr.pic_height = H;
    attr.venc_attr.buf_size = buf_size;
    attr.venc_attr.is_by_frame = HI_TRUE;
    attr.venc_attr.jpeg_attr.dcf_en = HI_FALSE;
    attr.venc_attr.jpeg_attr.recv_mode = HI_VENC_PIC_RECV_SINGLE;
    attr.venc_attr.jpeg_attr.mpf_cfg.large_thumbnail_num = 0;
    hi_s32 ret = hi_mpi_venc_create_chn(chn, &attr);
    CHECK(ret == HI_SUCCESS, "create_chn %d: 0x%x", chn, (unsigned)ret);

    hi_venc_jpeg_param param;
    ret = hi_mpi_venc_get_jpeg_param(chn, &param);
    CHECK(ret == HI_SUCCESS && param.qfactor == 100, "get_jpeg_param: 0x%x q=%u", (unsigned)ret,
          param.qfactor);
    param.qfactor = 90;
    ret = hi_mpi_venc_set_jpeg_param(chn, &param);
    CHECK(ret == HI_SUCCESS, "set_jpeg_param: 0x%x", (unsigned)ret);
}

/* Managed stream buffer, waiting with hi_mpi_sys_wait_epoll. */
static void managed_mode_with_epoll(void) {
    const hi_venc_chn chn = 0;
    create_channel(chn, 2 * 1024 * 1024);
    const hi_s32 fd = hi_mpi_venc_get_fd(chn);
    CHECK(fd >= 0, "get_fd: %d", fd);
    hi_s32 epoll_fd = -1;
    hi_s32 ret = hi_mpi_sys_create_epoll(10, &epoll_fd);
    CHECK(ret == HI_SUCCESS, "create_epoll: 0x%x", (unsigned)ret);
    hi_dvpp_epoll_event event;
    event.events = HI_DVPP_EPOLL_IN;
    event.data = (void*)(unsigned long)fd;
    ret = hi_mpi_sys_ctl_epoll(epoll_fd, HI_DVPP_EPOLL_CTL_ADD, fd, &event);
    CHECK(ret == HI_SUCCESS, "ctl_epoll add: 0x%x", (unsigned)ret);

    hi_venc_start_param recv_param;
    recv_param.recv_pic_num = -1;
    ret = hi_mpi_venc_start_chn(chn, &recv_param);
    CHECK(ret == HI_SUCCESS, "start_chn: 0x%x", (unsigned)ret);

    const uint32_t stride = 144; /* width aligned to 16, plus some */
    void* input = NULL;
    ret = hi_mpi_dvpp_malloc(0, &input, stride * H * 3 / 2);
    CHECK(ret == HI_SUCCESS && input != NULL, "dvpp_malloc: 0x%x", (unsigned)ret);
    fill_nv12((uint8_t*)input, stride, 1);
    hi_video_frame_info frame;
    make_frame(&frame, input, stride, 42);
    ret = hi_mpi_venc_send_frame(chn, &frame, 0);
    CHECK(ret == HI_SUCCESS, "send_frame: 0x%x", (unsigned)ret);

    hi_dvpp_epoll_event events[3];
    hi_s32 event_count = 0;
    ret = hi_mpi_sys_wait_epoll(epoll_fd, events, 3, 5000, &event_count);
    CHECK(ret == HI_SUCCESS && event_count == 1, "wait_epoll: 0x%x, %d events", (unsigned)ret,
          event_count);
    CHECK(event_count < 1 || events[0].data == (void*)(unsigned long)fd, "event data");

    hi_venc_chn_status stat;
    ret = hi_mpi_venc_query_status(chn, &stat);
    CHECK(ret == HI_SUCCESS && stat.cur_packs == 1, "query_status: 0x%x cur_packs %u",
          (unsigned)ret, stat.cur_packs);
    hi_venc_stream stream;
    hi_venc_pack packs[1];
    stream.pack_cnt = stat.cur_packs;
    stream.pack = packs;
    ret = hi_mpi_venc_get_stream(chn, &stream, 1000);
    CHECK(ret == HI_SUCCESS && stream.pack_cnt == 1, "get_stream: 0x%x", (unsigned)ret);
    if (ret == HI_SUCCESS) {
        int com = 0;
        CHECK(stream.pack[0].pts == 42, "pts %llu", (unsigned long long)stream.pack[0].pts);
        CHECK(stream.pack[0].input_addr == (hi_u64)(uintptr_t)input, "input_addr");
        CHECK(stream.pack[0].is_frame_end == HI_TRUE, "is_frame_end");
        CHECK(stream.jpeg_info.qfactor == 90, "qfactor %u", stream.jpeg_info.qfactor);
        CHECK(!has_com_segment(stream.pack[0].addr, stream.pack[0].len, &com), "COM in managed mode");
        const double q = luma_psnr(stream.pack[0].addr, stream.pack[0].len, (uint8_t*)input, stride);
        CHECK(q > 35, "PSNR %.1f dB", q);
    }
    ret = hi_mpi_dvpp_free(input);
    CHECK(ret == HI_SUCCESS, "dvpp_free: 0x%x", (unsigned)ret);
    ret = hi_mpi_venc_release_stream(chn, &stream);
    CHECK(ret == HI_SUCCESS, "release_stream: 0x%x", (unsigned)ret);
    ret = hi_mpi_venc_release_stream(chn, &stream);
    CHECK((hi_u32)ret == HI_ERR_VENC_ILLEGAL_PARAM, "release twice: 0x%x", (unsigned)ret);

    ret = hi_mpi_venc_stop_chn(chn);
    CHECK(ret == HI_SUCCESS, "stop_chn: 0x%x", (unsigned)ret);
    ret = hi_mpi_sys_ctl_epoll(epoll_fd, HI_DVPP_EPOLL_CTL_DEL, fd, NULL);
    CHECK(ret == HI_SUCCESS, "ctl_epoll del: 0x%x", (unsigned)ret);
    ret = hi_mpi_sys_close_epoll(epoll_fd);
    CHECK(ret == HI_SUCCESS, "close_epoll: 0x%x", (unsigned)ret);
    ret = hi_mpi_venc_destroy_chn(chn);
    CHECK(ret == HI_SUCCESS, "destroy_chn: 0x%x", (unsigned)ret);
}

/* Caller's output buffer (buf_size 0), waiting in a blocking get_stream. */
static void caller_buffer_with_blocking_get(void) {
    const hi_venc_chn chn = 3;
    create_channel(chn, 0);
    hi_venc_start_param recv_param = {-1};
    hi_s32 ret = hi_mpi_venc_start_chn(chn, &recv_param);
    CHECK(ret == HI_SUCCESS, "start_chn: 0x%x", (unsigned)ret);

    const uint32_t stride = W;
    void* input = NULL;
    ret = hi_mpi_dvpp_malloc(0, &input, stride * H * 3 / 2);
    CHECK(ret == HI_SUCCESS, "dvpp_malloc: 0x%x", (unsigned)ret);
    fill_nv12((uint8_t*)input, stride, 2);
    hi_video_frame_info frame;
    make_frame(&frame, input, stride, 7);
    frame.v_frame.virt_addr[1] = NULL; /* chroma right after luma, as the pyACL sample */

    hi_venc_jpeg_param param;
    hi_mpi_venc_get_jpeg_param(chn, &param);
    hi_u32 size = 0;
    ret = hi_mpi_venc_get_jpege_predicted_size(&frame, &param, &size);
    CHECK(ret == HI_SUCCESS && size > 0, "predicted_size: 0x%x %u", (unsigned)ret, size);
    void* output = NULL;
    ret = hi_mpi_dvpp_malloc(0, &output, size);
    CHECK(ret == HI_SUCCESS, "dvpp_malloc out: 0x%x", (unsigned)ret);
    hi_img_stream out_stream;
    memset(&out_stream, 0, sizeof out_stream);
    out_stream.type = HI_PT_JPEG;
    out_stream.addr = (hi_u8*)output;
    out_stream.len = size;

    ret = hi_mpi_venc_send_frame(chn, &frame, 0);
    CHECK((hi_u32)ret == HI_ERR_VENC_NOT_SUPPORT, "send_frame without buffer: 0x%x", (unsigned)ret);
    ret = hi_mpi_venc_send_jpege_frame(chn, &frame, &out_stream, -1);
    CHECK(ret == HI_SUCCESS, "send_jpege_frame: 0x%x", (unsigned)ret);

    hi_venc_stream stream;
    hi_venc_pack pack;
    stream.pack = &pack;
    stream.pack_cnt = 1;
    ret = hi_mpi_venc_get_stream(chn, &stream, -1);
    CHECK(ret == HI_SUCCESS, "get_stream: 0x%x", (unsigned)ret);
    if (ret == HI_SUCCESS) {
        int com = 0;
        CHECK(pack.addr == output && pack.len <= size, "output in the caller's buffer");
        CHECK(has_com_segment(pack.addr, pack.len, &com) && com >= 4 && com <= 19,
              "COM segment of %d bytes", com);
        const double q = luma_psnr(pack.addr, pack.len, (uint8_t*)input, stride);
        CHECK(q > 35, "PSNR %.1f dB", q);
        ret = hi_mpi_venc_release_stream(chn, &stream);
        CHECK(ret == HI_SUCCESS, "release_stream: 0x%x", (unsigned)ret);
    }
    ret = hi_mpi_venc_get_stream(chn, &stream, 0);
    CHECK((hi_u32)ret == HI_ERR_VENC_BUF_EMPTY, "empty get: 0x%x", (unsigned)ret);
    hi_mpi_dvpp_free(input);
    hi_mpi_dvpp_free(output);
    ret = hi_mpi_venc_destroy_chn(chn);
    CHECK((hi_u32)ret == HI_ERR_VENC_NOT_PERM, "destroy while started: 0x%x", (unsigned)ret);
    hi_mpi_venc_stop_chn(chn);
    ret = hi_mpi_venc_destroy_chn(chn);
    CHECK(ret == HI_SUCCESS, "destroy_chn: 0x%x", (unsigned)ret);
}

/* C lets a caller store any int in an enum field (a newer SDK's value, a typo). The
 * library must answer with the SDK's error code; under UBSan a C++ load of such a value
 * as the enum type is undefined and stops the test. */
static void unknown_enum_values_are_error_codes(void) {
    const hi_venc_chn chn = 5;
    hi_venc_chn_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.venc_attr.type = (hi_payload_type)999;
    attr.venc_attr.max_pic_width = attr.venc_attr.pic_width = W;
    attr.venc_attr.max_pic_height = attr.venc_attr.pic_height = H;
    attr.venc_attr.is_by_frame = (hi_bool)7;
    hi_s32 ret = hi_mpi_venc_create_chn(chn, &attr);
    CHECK(ret != HI_SUCCESS, "create_chn with payload type 999 succeeded");
    create_channel(chn, 0);
    hi_venc_start_param recv_param = {-1};
    ret = hi_mpi_venc_start_chn(chn, &recv_param);
    CHECK(ret == HI_SUCCESS, "start_chn: 0x%x", (unsigned)ret);
    void* input = NULL;
    ret = hi_mpi_dvpp_malloc(0, &input, W * H * 3 / 2);
    CHECK(ret == HI_SUCCESS, "dvpp_malloc: 0x%x", (unsigned)ret);
    hi_venc_jpeg_param param;
    hi_mpi_venc_get_jpeg_param(chn, &param);
    hi_video_frame_info frame;
    hi_u32 size = 0;
    make_frame(&frame, input, W, 1);
    frame.v_frame.pixel_format = (hi_pixel_format)12345;
    ret = hi_mpi_venc_get_jpege_predicted_size(&frame, &param, &size);
    CHECK((hi_u32)ret == HI_ERR_VENC_NOT_SUPPORT, "pixel_format 12345: 0x%x", (unsigned)ret);
    make_frame(&frame, input, W, 1);
    frame.v_frame.video_format = (hi_video_format)-3;
    ret = hi_mpi_venc_get_jpege_predicted_size(&frame, &param, &size);
    CHECK((hi_u32)ret == HI_ERR_VENC_NOT_SUPPORT, "video_format -3: 0x%x", (unsigned)ret);
    make_frame(&frame, input, W, 1);
    frame.v_frame.compress_mode = (hi_compress_mode)77;
    ret = hi_mpi_venc_get_jpege_predicted_size(&frame, &param, &size);
    CHECK((hi_u32)ret == HI_ERR_VENC_NOT_SUPPORT, "compress_mode 77: 0x%x", (unsigned)ret);
    make_frame(&frame, input, W, 1);
    frame.v_frame.field = (hi_video_field)0x40;
    ret = hi_mpi_venc_get_jpege_predicted_size(&frame, &param, &size);
    CHECK((hi_u32)ret == HI_ERR_VENC_NOT_SUPPORT, "field 0x40: 0x%x", (unsigned)ret);
    make_frame(&frame, input, W, 1);
    frame.v_frame.color_gamut = (hi_color_gamut)1000; /* unknown gamut: BT.601, as 0 */
    ret = hi_mpi_venc_get_jpege_predicted_size(&frame, &param, &size);
    CHECK(ret == HI_SUCCESS && size > 0, "color_gamut 1000: 0x%x", (unsigned)ret);
    ret = hi_mpi_venc_compact_jpeg_tables(chn, 0, (hi_bool)5);
    (void)ret; /* any answer but a crash */
    hi_mpi_dvpp_free(input);
    hi_mpi_venc_stop_chn(chn);
    ret = hi_mpi_venc_destroy_chn(chn);
    CHECK(ret == HI_SUCCESS, "destroy_chn: 0x%x", (unsigned)ret);
}

int main(void) {
    const hi_u64 blocks = fk_dvpp_live_blocks();
    hi_venc_chn_attr attr;
    memset(&attr, 0, sizeof attr);
    hi_s32 ret = hi_mpi_venc_create_chn(0, &attr);
    CHECK((hi_u32)ret == HI_ERR_VENC_SYS_NOT_READY, "before sys_init: 0x%x", (unsigned)ret);
    ret = hi_mpi_sys_init();
    CHECK(ret == HI_SUCCESS, "sys_init: 0x%x", (unsigned)ret);
    managed_mode_with_epoll();
    caller_buffer_with_blocking_get();
    unknown_enum_values_are_error_codes();
    ret = hi_mpi_sys_exit();
    CHECK(ret == HI_SUCCESS, "sys_exit: 0x%x", (unsigned)ret);
    CHECK(fk_dvpp_live_blocks() == blocks, "device memory leaked: %llu blocks",
          (unsigned long long)(fk_dvpp_live_blocks() - blocks));
    if (g_failures == 0) printf("c_flow: all checks passed\n");
    return g_failures == 0 ? 0 : 1;
}
