// The AVFrame adapter: names, color metadata, pixels both ways, zero-copy by pointer
// identity and by writes, lifetimes in both orders (ASan checks them), and errors.
#ifdef FRAMEKIT_HAVE_FFMPEG_ADAPTER
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#ifdef FRAMEKIT_HAVE_SWSCALE
#include <libswscale/swscale.h>
#endif
}

#include "framekit/convert/convert.h"
#include "framekit/convert/ffmpeg.h"
#include "testing/convert_test_util.h"

using namespace framekit;
using namespace framekit::ffmpeg;
using fk_test::expect_error;

namespace {

AVFramePtr alloc_avframe(AVPixelFormat fmt, int w, int h, int align = 32) {
  AVFramePtr f(av_frame_alloc());
  f->format = fmt;
  f->width = w;
  f->height = h;
  EXPECT_GE(av_frame_get_buffer(f.get(), align), 0);
  return f;
}

// FFmpeg's own tight serialisation of the frame (its reading of the layout).
std::string av_tight_bytes(const AVFrame* f) {
  const auto fmt = static_cast<AVPixelFormat>(f->format);
  const int size = av_image_get_buffer_size(fmt, f->width, f->height, 1);
  std::string out(static_cast<size_t>(size), '\0');
  EXPECT_GE(av_image_copy_to_buffer(reinterpret_cast<uint8_t*>(out.data()), size, f->data,
                                    f->linesize, fmt, f->width, f->height, 1),
            0);
  return out;
}

// Sample (x, y) of component c as libavutil reads it, from the pixel descriptor.
uint32_t av_component(const AVFrame* f, int c, int x, int y) {
  const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(f->format));
  uint32_t v = 0;
  av_read_image_line2(&v, const_cast<const uint8_t**>(f->data), f->linesize, d, x, y, c, 1, 0, 4);
  return v;
}

void fill_avframe(AVFrame* f, int seed) {
  const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(f->format));
  int linesizes[4];
  av_image_fill_linesizes(linesizes, static_cast<AVPixelFormat>(f->format), f->width);
  for (int p = 0; p < 4 && f->data[p]; ++p) {
    const int rows = (p == 1 || p == 2) ? AV_CEIL_RSHIFT(f->height, d->log2_chroma_h) : f->height;
    for (int y = 0; y < rows; ++y)
      for (int x = 0; x < linesizes[p]; ++x)
        f->data[p][y * f->linesize[p] + x] = fk_test::pattern_byte(p, y, x, seed);
  }
}

// Reads every sample of `f` the way framekit's format table describes it (plane,
// component letters, subsampling, MSB alignment) and compares it with libavutil's
// reading of the same component of `a` (av_read_image_line2, from FFmpeg's own pixel
// descriptor). Float formats are skipped (compared as bytes elsewhere).
void expect_same_components(const Frame& f, const AVFrame* a) {
  const auto& d = f.desc();
  if (is_floating(d.dtype)) return;
  auto comp_index = [&](char letter) {
    switch (letter) {
      case 'Y':
        return 0;
      case 'U':
        return 1;
      case 'V':
        return 2;
      case 'R':
        return 0;
      case 'G':
        return 1;
      case 'B':
        return 2;
      case 'A':
        return 3;
    }
    return -1;
  };
  const int shift = d.msb_aligned ? 16 - d.bit_depth : 0;
  const auto v = f.view();
  for (int p = 0; p < d.num_planes; ++p) {
    const auto& pl = d.planes[p];
    const int rows = v.plane_height(p);
    const int cols = v.plane_width(p);
    for (int y = 0; y < rows; ++y) {
      for (int x = 0; x < cols; ++x) {
        for (int i = 0; i < pl.channels; ++i) {
          const size_t idx = static_cast<size_t>(x) * pl.channels + i;
          const uint32_t ours = (d.sample_size() == 2 ? v.planes[p].row<uint16_t>(y)[idx]
                                                      : v.planes[p].row<uint8_t>(y)[idx]) >>
                                    shift &
                                ((1u << d.bit_depth) - 1);
          char letter;
          int cx = x;
          if (d.packed422) {
            // A plane pixel is half a pair: 4 letters per 2 pixels.
            const int k = x / 2;
            const int j = (x % 2) * 2 + i;
            letter = pl.components[j];
            int ys_before = 0;
            for (int q = 0; q < j; ++q) ys_before += pl.components[q] == 'Y';
            cx = letter == 'Y' ? 2 * k + ys_before : k;
            if (letter == 'Y' && cx >= f.width()) continue;  // padding of odd widths
          } else {
            letter = pl.components[i];
          }
          const int c = comp_index(letter);
          ASSERT_GE(c, 0) << d.name;
          ASSERT_EQ(ours, av_component(a, c, cx, y))
              << d.name << " plane " << p << " " << letter << " at " << cx << "," << y;
        }
      }
    }
  }
}

}  // namespace

TEST(FFmpegAdapter, PixelFormatsMapByName) {
  int twins = 0;
  for (const auto& d : all_pixel_formats()) {
    const AVPixelFormat av = to_av_pixel_format(d.format);
    const AVPixelFormat by_name = av_get_pix_fmt(std::string(d.name).c_str());
    EXPECT_EQ(av, by_name) << d.name;
    if (av == AV_PIX_FMT_NONE) continue;
    ++twins;
    EXPECT_EQ(std::string(av_get_pix_fmt_name(av)), std::string(d.name));
    EXPECT_EQ(from_av_pixel_format(av), d.format) << d.name;
  }
  EXPECT_GE(twins, kPixelFormatCount - 1);  // vyuy422 is the only one FFmpeg lacks
  EXPECT_EQ(to_av_pixel_format(PF_VYUY422), AV_PIX_FMT_NONE);
  EXPECT_EQ(from_av_pixel_format(AV_PIX_FMT_PAL8), PF_NONE);
  EXPECT_EQ(from_av_pixel_format(AV_PIX_FMT_NONE), PF_NONE);
  EXPECT_EQ(to_av_pixel_format(PF_NONE), AV_PIX_FMT_NONE);
  // A few by FFmpeg's symbol, independent of the table.
  EXPECT_EQ(to_av_pixel_format(PF_NV12), AV_PIX_FMT_NV12);
  EXPECT_EQ(to_av_pixel_format(PF_P010LE), AV_PIX_FMT_P010LE);
  EXPECT_EQ(to_av_pixel_format(PF_GBRPF32), AV_PIX_FMT_GBRPF32LE);
  EXPECT_EQ(from_av_pixel_format(AV_PIX_FMT_RGB24), PF_RGB24);
  EXPECT_EQ(from_av_pixel_format(AV_PIX_FMT_GRAY16LE), PF_GRAY16);
}

TEST(FFmpegAdapter, ColorMetadataBothWays) {
  AVFramePtr f = alloc_avframe(AV_PIX_FMT_YUV420P10LE, 32, 16);
  f->colorspace = AVCOL_SPC_BT2020_NCL;
  f->color_range = AVCOL_RANGE_JPEG;
  f->color_primaries = AVCOL_PRI_BT2020;
  f->color_trc = AVCOL_TRC_SMPTE2084;
  Frame fr = to_frame(f.get());
  EXPECT_EQ(fr.pix_info(),
            PixelInfo(PF_YUV420P10LE, CS_BT2020_NCL, CR_JPEG, CP_BT2020, CTC_SMPTE2084));
  Frame g(16, 8, PixelInfo(PF_NV12, CS_BT709, CR_MPEG, CP_SMPTE170M, CTC_ARIB_STD_B67));
  AVFramePtr a = to_avframe(g);
  EXPECT_EQ(a->format, AV_PIX_FMT_NV12);
  EXPECT_EQ(a->colorspace, AVCOL_SPC_BT709);
  EXPECT_EQ(a->color_range, AVCOL_RANGE_MPEG);
  EXPECT_EQ(a->color_primaries, AVCOL_PRI_SMPTE170M);
  EXPECT_EQ(a->color_trc, AVCOL_TRC_ARIB_STD_B67);
  // Values framekit does not know read as unspecified instead of garbage.
  const int unknown = 200;
  std::memcpy(&f->colorspace, &unknown, sizeof unknown);
  EXPECT_EQ(pixel_info_of(*f).space(), CS_UNSPECIFIED);
}

// Every format with a twin, both directions, odd sizes: the samples framekit sees are
// the samples FFmpeg sees.
TEST(FFmpegAdapter, EveryFormatBothWaysSameBytes) {
  for (const auto& d : all_pixel_formats()) {
    const AVPixelFormat av = to_av_pixel_format(d.format);
    if (av == AV_PIX_FMT_NONE) continue;
    for (auto [w, h] : {std::pair{33, 17}, std::pair{64, 8}}) {
      SCOPED_TRACE(std::string(d.name) + " " + std::to_string(w) + "x" + std::to_string(h));
      // AVFrame → Frame (zero-copy).
      AVFramePtr a = alloc_avframe(av, w, h);
      fill_avframe(a.get(), w);
      bool copied = true;
      Frame f = to_frame(a.get(), &copied);
      EXPECT_FALSE(copied);
      EXPECT_EQ(f.format(), d.format);
      for (int p = 0; p < f.nplanes(); ++p) {
        EXPECT_EQ(f.plane_data(p), a->data[p]);
        if (f.plane(p).size(0) > 1) {
          EXPECT_EQ(f.plane_stride_bytes(p), a->linesize[p]);
        }
      }
      EXPECT_EQ(fk_test::tight_bytes(f), av_tight_bytes(a.get()));
      expect_same_components(f, a.get());
      // Frame → AVFrame (zero-copy) and with a copy.
      Frame g(w, h, PixelInfo(d.format));
      fk_test::fill_pattern(g, h);
      for (bool copy : {false, true}) {
        AVFramePtr b = to_avframe(g, copy);
        EXPECT_EQ(b->format, av);
        EXPECT_EQ(b->width, w);
        EXPECT_EQ(av_tight_bytes(b.get()), fk_test::tight_bytes(g));
        EXPECT_EQ(b->data[0] == g.plane_data(0), !copy);
        if (copy) {
          for (int p = 0; p < g.nplanes(); ++p) EXPECT_EQ(b->linesize[p] % 64, 0);
        }
      }
    }
  }
}

TEST(FFmpegAdapter, ImportSharesMemoryAndOutlivesTheAVFrame) {
  AVFramePtr a = alloc_avframe(AV_PIX_FMT_NV12, 64, 48);
  fill_avframe(a.get(), 1);
  const uint8_t y00 = a->data[0][0];
  EXPECT_EQ(av_buffer_get_ref_count(a->buf[0]), 1);
  Frame f = to_frame(a.get());
  EXPECT_EQ(av_buffer_get_ref_count(a->buf[0]), 2);  // the frame holds a reference
  // Writes go both ways.
  static_cast<uint8_t*>(f.plane_data(1))[5] = 201;
  EXPECT_EQ(a->data[1][5], 201);
  a->data[0][3] = 77;
  EXPECT_EQ(static_cast<uint8_t*>(f.plane_data(0))[3], 77);
  // The AVFrame goes first; the frame's memory stays valid (ASan would flag it).
  a.reset();
  EXPECT_EQ(static_cast<uint8_t*>(f.plane_data(0))[0], y00);
  EXPECT_EQ(static_cast<uint8_t*>(f.plane_data(1))[5], 201);
  Frame copy = f.clone();  // reads every byte
  EXPECT_EQ(fk_test::tight_bytes(copy), fk_test::tight_bytes(f));
}

TEST(FFmpegAdapter, ImportReleasesItsReferences) {
  AVFramePtr a = alloc_avframe(AV_PIX_FMT_YUV420P, 16, 16);
  {
    Frame f = to_frame(a.get());
    Frame view = f.crop(2, 2, 8, 8);
    f = Frame();
    EXPECT_GE(av_buffer_get_ref_count(a->buf[0]), 2);  // the crop still holds it
  }
  for (AVBufferRef* b : a->buf) {
    if (b) {
      EXPECT_EQ(av_buffer_get_ref_count(b), 1);
    }
  }
}

TEST(FFmpegAdapter, ExportSharesMemoryAndOutlivesTheFrame) {
  std::weak_ptr<Buffer> weak;
  AVFramePtr a;
  {
    Frame f(64, 48, PixelInfo(PF_YUV420P));
    fk_test::fill_pattern(f, 3);
    weak = f.plane(0).buffer();
    a = to_avframe(f);
    for (int p = 0; p < 3; ++p) {
      EXPECT_EQ(a->data[p], f.plane_data(p));
      EXPECT_EQ(a->linesize[p], f.plane_stride_bytes(p));
    }
    // All three planes live in one framekit buffer: one AVBufferRef holds it.
    EXPECT_NE(a->buf[0], nullptr);
    EXPECT_EQ(a->buf[1], nullptr);
    EXPECT_EQ(av_frame_get_plane_buffer(a.get(), 2), a->buf[0]);
    a->data[2][7] = 11;
    EXPECT_EQ(static_cast<uint8_t*>(f.plane_data(2))[7], 11);
    static_cast<uint8_t*>(f.plane_data(0))[9] = 12;
    EXPECT_EQ(a->data[0][9], 12);
  }
  // The frame is gone; the AVFrame keeps the buffer alive.
  EXPECT_FALSE(weak.expired());
  EXPECT_EQ(a->data[0][9], 12);
  EXPECT_EQ(a->data[2][7], 11);
  EXPECT_EQ(a->data[1][1], fk_test::pattern_byte(1, 0, 1, 3));
  // A clone of the AVFrame shares it too; the last one out frees it.
  AVFramePtr b(av_frame_clone(a.get()));
  a.reset();
  EXPECT_FALSE(weak.expired());
  b.reset();
  EXPECT_TRUE(weak.expired());
}

TEST(FFmpegAdapter, RoundTripIsTheSameMemory) {
  Frame f(40, 30, PixelInfo(PF_P010LE));
  AVFramePtr a = to_avframe(f);
  Frame g = to_frame(a.get());
  a.reset();
  for (int p = 0; p < 2; ++p) EXPECT_EQ(g.plane_data(p), f.plane_data(p));
  AVFramePtr b = to_avframe(g);
  f = Frame();
  g = Frame();
  std::memset(b->data[0], 0x5a, 16);  // still valid memory
  EXPECT_EQ(b->data[0][15], 0x5a);
}

TEST(FFmpegAdapter, NegativeLinesizeAndUnalignedPlanesAreCopied) {
  AVFramePtr a = alloc_avframe(AV_PIX_FMT_RGB24, 20, 10);
  fill_avframe(a.get(), 5);
  AVFramePtr flipped(av_frame_clone(a.get()));
  // Bottom-up view, as a vflip filter makes it.
  flipped->data[0] += static_cast<ptrdiff_t>(a->linesize[0]) * 9;
  flipped->linesize[0] = -a->linesize[0];
  bool copied = false;
  Frame f = to_frame(flipped.get(), &copied);
  EXPECT_TRUE(copied);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 20; ++x)
      for (int c = 0; c < 3; ++c)
        ASSERT_EQ(static_cast<uint8_t*>(f.plane_data(0))[y * f.plane_stride_bytes(0) + x * 3 + c],
                  av_component(a.get(), c, x, 9 - y));
  // A 16-bit plane at an odd address cannot be viewed as uint16 samples.
  AVFramePtr g16 = alloc_avframe(AV_PIX_FMT_GRAY16LE, 8, 4);
  fill_avframe(g16.get(), 2);
  AVFramePtr odd(av_frame_clone(g16.get()));
  std::vector<uint8_t> storage(8 * 2 * 4 + 1);
  std::memcpy(storage.data() + 1, g16->data[0], 16);
  for (int y = 0; y < 4; ++y)
    std::memcpy(storage.data() + 1 + y * 16, g16->data[0] + y * g16->linesize[0], 16);
  odd->data[0] = storage.data() + 1;
  odd->linesize[0] = 16;
  Frame h = to_frame(odd.get(), &copied);
  EXPECT_TRUE(copied);
  EXPECT_EQ(fk_test::tight_bytes(h), av_tight_bytes(g16.get()));
}

TEST(FFmpegAdapter, UnsupportedInputsAreClearErrors) {
  expect_error([] { to_frame(nullptr); }, ErrorCode::kInvalidArgument, {"null"});
  AVFramePtr pal = alloc_avframe(AV_PIX_FMT_PAL8, 8, 8);
  expect_error([&] { to_frame(pal.get()); }, ErrorCode::kUnsupported, {"pal8", "no framekit twin"});
  AVFramePtr hw(av_frame_alloc());
  hw->format = AV_PIX_FMT_CUDA;
  hw->width = hw->height = 8;
  expect_error([&] { to_frame(hw.get()); }, ErrorCode::kUnsupported, {"hardware", "cuda"});
  AVFramePtr empty(av_frame_alloc());
  expect_error([&] { to_frame(empty.get()); }, ErrorCode::kInvalidArgument, {"size 0x0"});
  expect_error([] { to_avframe(Frame(8, 8, PixelInfo(PF_VYUY422))); }, ErrorCode::kUnsupported,
               {"vyuy422", "FFmpeg"});
  expect_error([] { to_avframe(Frame()); }, ErrorCode::kInvalidArgument, {"undefined"});
}

TEST(FFmpegAdapter, VideoFramePropsAndPrivateAttachOwnership) {
  VideoFrame vf = VideoFrame::make(16, 8, PixelInfo(PF_RGB24));
  vf.set_pts(900);
  vf.set_time_base({1, 90000});
  vf.set_duration(3000);
  vf.metadata()["title"] = "x";
  AVFramePtr a = to_avframe(vf);
  EXPECT_EQ(a->pts, 900);
  EXPECT_EQ(a->time_base.den, 90000);
  EXPECT_STREQ(av_dict_get(a->metadata, "title", nullptr, 0)->value, "x");
  VideoFrame back = to_video_frame(a.get());
  EXPECT_EQ(back.pts(), 900);
  EXPECT_EQ(back.time_base(), (Rational{1, 90000}));
  EXPECT_EQ(back.duration(), 3000);
  EXPECT_EQ(back.metadata().at("title"), "x");
  // private_attach<AVFrame> owns the frame and frees it with av_frame_free (LeakSanitizer
  // reports the AVFrame and its buffers otherwise).
  VideoFrame holder;
  holder.private_attach<AVFrame>(a.release());
  EXPECT_EQ(holder.private_get<AVFrame>()->pts, 900);
}

TEST(FFmpegAdapter, ConvertBothWaysWithoutKernels) {
  // Same size and format: convert() only changes the media type, zero-copy.
  VideoFrame vf = VideoFrame::make(64, 32, PixelInfo(PF_NV12, CS_BT709, CR_MPEG));
  fk_test::fill_pattern(vf.frame(), 9);
  vf.set_pts(5);
  VideoFrame with_avf = convert(vf, MediaDesc{}, MediaDesc().media_type(MediaType::kAVFrame));
  const AVFrame* avf = with_avf.private_get<AVFrame>();
  ASSERT_NE(avf, nullptr);
  EXPECT_EQ(avf->format, AV_PIX_FMT_NV12);
  EXPECT_EQ(avf->colorspace, AVCOL_SPC_BT709);
  EXPECT_EQ(avf->pts, 5);
  EXPECT_EQ(avf->data[1], vf.frame().plane_data(1));

  VideoFrame src;
  src.private_attach<AVFrame>(av_frame_clone(avf));
  with_avf = VideoFrame();
  vf = VideoFrame();  // only the attached AVFrame holds the memory now
  VideoFrame back =
      convert(src, MediaDesc().pixel_format(PF_NV12).media_type(MediaType::kAVFrame), MediaDesc{});
  EXPECT_EQ(back.frame().plane_data(1), src.private_get<AVFrame>()->data[1]);
  EXPECT_EQ(back.frame().pix_info().space(), CS_BT709);
  EXPECT_EQ(back.pts(), 5);
  src = VideoFrame();
  EXPECT_EQ(fk_test::tight_bytes(back.frame()).size(), 64u * 32u * 3u / 2u);  // still readable
  EXPECT_EQ(static_cast<uint8_t*>(back.frame().plane_data(0))[1],
            fk_test::pattern_byte(0, 0, 1, 9));

  // The desc is checked against what the AVFrame says.
  VideoFrame src2;
  src2.private_attach<AVFrame>(to_avframe(Frame(8, 8, PixelInfo(PF_RGB24))).release());
  expect_error(
      [&] {
        convert(src2, MediaDesc().pixel_format(PF_YUV420P).media_type(MediaType::kAVFrame),
                MediaDesc{});
      },
      ErrorCode::kTypeMismatch, {"yuv420p", "rgb24", "AVFrame"});
  expect_error(
      [&] {
        convert(VideoFrame::make(8, 8, PixelInfo(PF_RGB24)),
                MediaDesc().media_type(MediaType::kAVFrame), MediaDesc{});
      },
      ErrorCode::kInvalidArgument, {"no AVFrame is attached"});
  expect_error(
      [&] {
        convert(VideoFrame::make(8, 8, PixelInfo(PF_VYUY422)), MediaDesc{},
                MediaDesc().media_type(MediaType::kAVFrame));
      },
      ErrorCode::kUnsupported, {"vyuy422"});
}

TEST(FFmpegAdapter, ConvertBorrowsAFrameWithoutBuffers) {
  // An AVFrame pointing at caller memory (buf[] empty): convert() shares the pixels
  // while the VideoFrame holding the AVFrame attachment lives on in the result.
  std::vector<uint8_t> pixels(12 * 4 * 3);
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<uint8_t>(i);
  AVFramePtr raw(av_frame_alloc());
  raw->format = AV_PIX_FMT_BGR24;
  raw->width = 12;
  raw->height = 4;
  raw->data[0] = pixels.data();
  raw->linesize[0] = 36;
  VideoFrame src;
  src.private_attach<AVFrame>(raw.release());
  VideoFrame out = convert(src, MediaDesc().media_type(MediaType::kAVFrame), MediaDesc{});
  EXPECT_EQ(out.frame().plane_data(0), pixels.data());
  EXPECT_EQ(out.frame().format(), PF_BGR24);
  // The direct call cannot hold anything alive, so it copies.
  bool copied = false;
  Frame f = to_frame(src.private_get<AVFrame>(), &copied);
  EXPECT_TRUE(copied);
  EXPECT_EQ(fk_test::tight_bytes(f), std::string(pixels.begin(), pixels.end()));
}

#ifdef FRAMEKIT_HAVE_SWSCALE
// A frame swscale made (the usual producer of AVFrames) reads the same through
// framekit as through libavutil's pixel reader, component by component.
TEST(FFmpegAdapter, SwscaleOutputReadsTheSame) {
  const int w = 48, h = 30;
  AVFramePtr rgb = alloc_avframe(AV_PIX_FMT_RGB24, w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* px = rgb->data[0] + y * rgb->linesize[0] + x * 3;
      px[0] = static_cast<uint8_t>(x * 5);
      px[1] = static_cast<uint8_t>(y * 8);
      px[2] = static_cast<uint8_t>((x * y) & 0xff);
    }
  for (AVPixelFormat target :
       {AV_PIX_FMT_YUV420P, AV_PIX_FMT_NV12, AV_PIX_FMT_YUYV422, AV_PIX_FMT_UYVY422,
        AV_PIX_FMT_P010LE, AV_PIX_FMT_BGRA, AV_PIX_FMT_GBRP, AV_PIX_FMT_YUV444P10LE}) {
    SCOPED_TRACE(av_get_pix_fmt_name(target));
    AVFramePtr out = alloc_avframe(target, w, h);
    SwsContext* sws = sws_getContext(w, h, AV_PIX_FMT_RGB24, w, h, target, SWS_BILINEAR, nullptr,
                                     nullptr, nullptr);
    ASSERT_NE(sws, nullptr);
    sws_scale(sws, rgb->data, rgb->linesize, 0, h, out->data, out->linesize);
    sws_freeContext(sws);
    expect_same_components(to_frame(out.get()), out.get());
  }
}

// convert() end to end on AVFrames: an NV12 frame swscale made from an RGB gradient,
// converted and upscaled by framekit into an RGB24 AVFrame, lands as close to the
// original gradient as swscale's own conversion back does (±1).
TEST(FFmpegAdapter, ConvertNv12AVFrameToRgbLikeSwscale) {
  const int w = 64, h = 48;
  AVFramePtr rgb = alloc_avframe(AV_PIX_FMT_RGB24, w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* px = rgb->data[0] + y * rgb->linesize[0] + x * 3;
      px[0] = static_cast<uint8_t>(40 + 2 * x);
      px[1] = static_cast<uint8_t>(30 + 3 * y);
      px[2] = static_cast<uint8_t>(200 - x - y);
    }
  auto sws = [](const AVFrame* in, AVFrame* out) {
    SwsContext* c = sws_getContext(in->width, in->height, static_cast<AVPixelFormat>(in->format),
                                   out->width, out->height, static_cast<AVPixelFormat>(out->format),
                                   SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr,
                                   nullptr, nullptr);
    ASSERT_NE(c, nullptr);
    sws_scale(c, in->data, in->linesize, 0, in->height, out->data, out->linesize);
    sws_freeContext(c);
  };
  AVFramePtr nv12 = alloc_avframe(AV_PIX_FMT_NV12, w, h);
  sws(rgb.get(), nv12.get());  // BT.601 limited range, swscale's defaults
  nv12->colorspace = AVCOL_SPC_BT470BG;
  nv12->color_range = AVCOL_RANGE_MPEG;

  VideoFrame src;
  src.private_attach<AVFrame>(av_frame_clone(nv12.get()));
  VideoFrame out = convert(src, MediaDesc().media_type(MediaType::kAVFrame),
                           MediaDesc().pixel_format(PF_RGB24).media_type(MediaType::kAVFrame));
  const AVFrame* ours = out.private_get<AVFrame>();
  ASSERT_NE(ours, nullptr);
  ASSERT_EQ(ours->format, AV_PIX_FMT_RGB24);
  AVFramePtr theirs = alloc_avframe(AV_PIX_FMT_RGB24, w, h);
  sws(nv12.get(), theirs.get());
  int err_ours = 0, err_theirs = 0;
  for (int y = 2; y < h - 2; ++y)
    for (int x = 0; x < w * 3; ++x) {
      const int ref = rgb->data[0][y * rgb->linesize[0] + x];
      err_ours = std::max(err_ours, std::abs(ours->data[0][y * ours->linesize[0] + x] - ref));
      err_theirs =
          std::max(err_theirs, std::abs(theirs->data[0][y * theirs->linesize[0] + x] - ref));
    }
  EXPECT_LE(err_ours, err_theirs + 1) << "framekit " << err_ours << ", swscale " << err_theirs;
  EXPECT_LE(err_ours, 4);

  // With a size: 2x upscale in the same call (aspect kept from the width alone).
  VideoFrame big =
      convert(src, MediaDesc().media_type(MediaType::kAVFrame),
              MediaDesc().width(2 * w).pixel_format(PF_RGB24).media_type(MediaType::kAVFrame));
  EXPECT_EQ(big.private_get<AVFrame>()->height, 2 * h);
}
#endif

#endif  // FRAMEKIT_HAVE_FFMPEG_ADAPTER
