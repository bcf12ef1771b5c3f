/* A plain C11 program against an installed framekit's C ABI (framekit/compat): one
 * JPEGE channel, one NV12 frame, one stream.
 *   jpege OUT.jpg   writes the JPEG; exit 0 = every call succeeded and the stream is a
 *                   whole JPEG (SOI ... EOI). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <framekit/compat/hi_mpi_sys.h>
#include <framekit/compat/hi_mpi_venc.h>

#define W 64
#define H 48

static int failures = 0;

static void check(int ok, const char* what, hi_s32 ret) {
  if (!ok) {
    fprintf(stderr, "jpege: %s failed: 0x%x\n", what, (unsigned)ret);
    ++failures;
  }
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: jpege OUT.jpg\n");
    return 2;
  }
  hi_s32 ret = hi_mpi_sys_init();
  check(ret == HI_SUCCESS, "hi_mpi_sys_init", ret);

  const hi_venc_chn chn = 1;
  hi_venc_chn_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.venc_attr.type = HI_PT_JPEG;
  attr.venc_attr.max_pic_width = attr.venc_attr.pic_width = W;
  attr.venc_attr.max_pic_height = attr.venc_attr.pic_height = H;
  attr.venc_attr.buf_size = 1024 * 1024;
  attr.venc_attr.is_by_frame = HI_TRUE;
  attr.venc_attr.jpeg_attr.recv_mode = HI_VENC_PIC_RECV_SINGLE;
  ret = hi_mpi_venc_create_chn(chn, &attr);
  check(ret == HI_SUCCESS, "hi_mpi_venc_create_chn", ret);
  hi_venc_start_param start = {-1};
  ret = hi_mpi_venc_start_chn(chn, &start);
  check(ret == HI_SUCCESS, "hi_mpi_venc_start_chn", ret);

  void* input = NULL;
  ret = hi_mpi_dvpp_malloc(0, &input, W * H * 3 / 2);
  check(ret == HI_SUCCESS && input != NULL, "hi_mpi_dvpp_malloc", ret);
  if (input != NULL) {
    uint8_t* p = (uint8_t*)input;
    for (int i = 0; i < W * H; ++i) p[i] = (uint8_t)(16 + (i % W) * 3);
    memset(p + W * H, 128, W * H / 2);
  }
  hi_video_frame_info frame;
  memset(&frame, 0, sizeof frame);
  frame.v_frame.width = W;
  frame.v_frame.height = H;
  frame.v_frame.pixel_format = HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420;
  frame.v_frame.width_stride[0] = frame.v_frame.width_stride[1] = W;
  frame.v_frame.virt_addr[0] = input;
  frame.v_frame.virt_addr[1] = (uint8_t*)input + W * H;
  frame.v_frame.pts = 5;
  ret = hi_mpi_venc_send_frame(chn, &frame, 1000);
  check(ret == HI_SUCCESS, "hi_mpi_venc_send_frame", ret);

  hi_venc_stream stream;
  hi_venc_pack pack;
  memset(&stream, 0, sizeof stream);
  stream.pack = &pack;
  stream.pack_cnt = 1;
  ret = hi_mpi_venc_get_stream(chn, &stream, 5000);
  check(ret == HI_SUCCESS && stream.pack_cnt == 1, "hi_mpi_venc_get_stream", ret);
  if (ret == HI_SUCCESS) {
    const hi_u8* d = pack.addr + pack.offset;
    const hi_u32 n = pack.len - pack.offset;
    check(n > 4 && d[0] == 0xFF && d[1] == 0xD8, "stream starts with FFD8", 0);
    check(n > 4 && d[n - 2] == 0xFF && d[n - 1] == 0xD9, "stream ends with FFD9", 0);
    check(pack.pts == 5, "pack pts", 0);
    FILE* f = fopen(argv[1], "wb");
    check(f != NULL && fwrite(d, 1, n, f) == n, "writing the JPEG", 0);
    if (f != NULL) fclose(f);
    ret = hi_mpi_venc_release_stream(chn, &stream);
    check(ret == HI_SUCCESS, "hi_mpi_venc_release_stream", ret);
    printf("jpege: %ux%u NV12 -> %u byte JPEG\n", W, H, n);
  }
  ret = hi_mpi_venc_stop_chn(chn);
  check(ret == HI_SUCCESS, "hi_mpi_venc_stop_chn", ret);
  ret = hi_mpi_venc_destroy_chn(chn);
  check(ret == HI_SUCCESS, "hi_mpi_venc_destroy_chn", ret);
  ret = hi_mpi_dvpp_free(input);
  check(ret == HI_SUCCESS, "hi_mpi_dvpp_free", ret);
  ret = hi_mpi_sys_exit();
  check(ret == HI_SUCCESS, "hi_mpi_sys_exit", ret);
  return failures == 0 ? 0 : 1;
}
