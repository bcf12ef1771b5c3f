// jpeg::can_encode is the one answer to "can this be encoded?": every pixel format
// framekit knows is accepted by each layer — jpeg::encode, Engine::send_frame, the C
// ABI's hi_mpi_venc_send_frame and the CLI's `framekit encode` — exactly when
// can_encode says so, and refused by each with an error that names the format.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "testing/compat_test_util.h"
#include "framekit/compat/hi_dvpp.h"
#include "framekit/core/error.h"
#include "framekit/jpeg/encoder.h"
#include "framekit/jpege/engine.h"
#include "testing/jpege_test_util.h"

namespace framekit {
namespace {

using jpege_test::decode_jpeg;
using jpege_test::TestPicture;

constexpr int kW = 16, kH = 8;

bool mentions(const std::string& message, PixelFormat f) {
  return message.find(pixel_format_name(f)) != std::string::npos;
}

// The formats the documentation promises (jpeg.md): written out here, so that a change
// of can_encode's answer shows up as a failure and not as a silent new agreement.
const std::vector<PixelFormat> kPromised = {
    PF_YUV420P, PF_YUVJ420P, PF_YUV422P, PF_YUV444P, PF_NV12,    PF_NV21,
    PF_NV16,    PF_NV24,     PF_YUYV422, PF_UYVY422, PF_YVYU422, PF_VYUY422,
    PF_GRAY8,   PF_RGB24,    PF_BGR24,   PF_RGBA32,  PF_BGRA32};

TEST(CanEncode, AnswersForTheDocumentedFormats) {
  std::vector<PixelFormat> yes;
  for (const auto& d : all_pixel_formats()) {
    const PixelInfo info(d.format);
    SCOPED_TRACE(d.name);
    const std::string reason = jpeg::cannot_encode_reason(info);
    EXPECT_EQ(jpeg::can_encode(info), reason.empty());
    if (jpeg::can_encode(info)) {
      yes.push_back(d.format);
    } else {
      EXPECT_TRUE(mentions(reason, d.format)) << reason;
      EXPECT_FALSE(jpeg::can_encode(info, true)) << "raw does not make a format encodable";
    }
  }
  EXPECT_EQ(yes, kPromised);
  EXPECT_FALSE(jpeg::can_encode(PixelInfo()));
  // A YUV matrix without Kr/Kb is encodable only raw; gray and RGB have no matrix.
  const PixelInfo ycgco(PF_NV12, CS_YCGCO);
  EXPECT_FALSE(jpeg::can_encode(ycgco));
  EXPECT_TRUE(jpeg::can_encode(ycgco, true));
  EXPECT_NE(jpeg::cannot_encode_reason(ycgco).find("ycgco"), std::string::npos);
  EXPECT_NE(jpeg::cannot_encode_reason(ycgco).find("nv12"), std::string::npos);
  EXPECT_TRUE(jpeg::can_encode(PixelInfo(PF_GRAY8, CS_YCGCO)));
  EXPECT_TRUE(jpeg::can_encode(PixelInfo(PF_NV12, CS_BT709, CR_JPEG)));
}

// The PixelInfos tried on every layer: each format as it is, and YUV formats in a
// color space without a Kr/Kb matrix.
std::vector<PixelInfo> every_info() {
  std::vector<PixelInfo> out;
  for (const auto& d : all_pixel_formats()) {
    out.emplace_back(d.format);
    if (d.is_yuv()) out.emplace_back(d.format, CS_YCGCO);
  }
  return out;
}

TEST(CanEncode, TheEncoderAgrees) {
  for (const PixelInfo& info : every_info()) {
    for (bool raw : {false, true}) {
      SCOPED_TRACE(info.str() + (raw ? " raw" : ""));
      TestPicture pic(info.format(), kW, kH, 1);
      pic.view.info = info;
      jpeg::EncodeParams p;
      p.raw = raw;
      if (jpeg::can_encode(info, raw)) {
        const std::vector<uint8_t> jpg = jpeg::encode(pic.view, p);
        EXPECT_TRUE(decode_jpeg(jpg.data(), jpg.size(), false).ok);
        continue;
      }
      try {
        jpeg::encode(pic.view, p);
        ADD_FAILURE() << "encoded";
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kUnsupported);
        EXPECT_TRUE(mentions(e.what(), info.format())) << e.what();
      }
    }
  }
}

TEST(CanEncode, TheEngineAgrees) {
  jpege::Engine engine({.workers = 1});
  jpege::ChannelAttr a;
  a.max_pic_width = a.pic_width = kW;
  a.max_pic_height = a.pic_height = kH;
  a.buf_size = 1 << 20;
  engine.create_channel(0, a);
  engine.start_channel(0);
  int accepted = 0;
  for (const PixelInfo& info : every_info()) {
    for (bool raw : {false, true}) {
      SCOPED_TRACE(info.str() + (raw ? " raw" : ""));
      TestPicture pic(info.format(), kW, kH, 2);
      pic.view.info = info;
      jpege::InputFrame in;
      in.view = pic.view;
      in.raw = raw;
      if (jpeg::can_encode(info, raw)) {
        engine.send_frame(0, in, -1);
        const jpege::Stream s = engine.get_stream(0, 10000);
        EXPECT_TRUE(s.ok());
        EXPECT_TRUE(decode_jpeg(s.pack.data, s.pack.len, false).ok);
        engine.release_stream(0, s);
        ++accepted;
        continue;
      }
      try {
        engine.send_frame(0, in, -1);
        ADD_FAILURE() << "sent";
      } catch (const jpege::JpegeError& e) {
        EXPECT_EQ(e.hi_code(), jpege::kErrVencNotSupport);
        EXPECT_TRUE(mentions(e.what(), info.format())) << e.what();
      }
    }
  }
  EXPECT_EQ(accepted, 17 * 2 + 12);  // YCgCo YUV only raw (12 8-bit YUV formats)
}

// The SDK's formats and the framekit formats they hold (the C ABI tests' own table),
// plus SDK formats framekit has but cannot encode.
struct SdkName {
  hi_pixel_format hi;
  PixelFormat pf;
  bool swap_uv;
};
std::vector<SdkName> sdk_names() {
  std::vector<SdkName> out;
  for (const auto& s : compat_test::kSdkFormats) out.push_back({s.hi, s.pf, s.swap_uv});
  out.push_back({HI_PIXEL_FORMAT_ARGB_8888, PF_ARGB32, false});
  out.push_back({HI_PIXEL_FORMAT_ABGR_8888, PF_ABGR32, false});
  return out;
}

TEST(CanEncode, TheCAbiAgrees) {
  ASSERT_EQ(hi_mpi_sys_init(), HI_SUCCESS);
  const hi_venc_chn_attr a = compat_test::chn_attr(kW, kH, 1 << 20);
  ASSERT_EQ(hi_mpi_venc_create_chn(0, &a), HI_SUCCESS);
  hi_venc_start_param sp{-1};
  ASSERT_EQ(hi_mpi_venc_start_chn(0, &sp), HI_SUCCESS);
  std::set<PixelFormat> reached;
  const std::vector<SdkName> names = sdk_names();
  for (int hi = 0; hi <= 70; ++hi) {
    SCOPED_TRACE(hi);
    const SdkName* name = nullptr;
    for (const SdkName& n : names) {
      if (n.hi == hi) name = &n;
    }
    const PixelFormat pf = name ? name->pf : PF_GRAY8;  // unnamed: any samples
    TestPicture pic(pf, kW, kH, 3);
    hi_video_frame_info f = compat_test::frame_info(static_cast<hi_pixel_format>(hi), kW, kH);
    for (int p = 0; p < pic.info.desc().num_planes; ++p) {
      const int mem = name && name->swap_uv && p > 0 ? 3 - p : p;
      f.v_frame.virt_addr[mem] = pic.view.planes[p].data;
      f.v_frame.width_stride[mem] = static_cast<hi_u32>(pic.view.planes[p].stride);
    }
    const hi_s32 ret = hi_mpi_venc_send_frame(0, &f, -1);
    // The C ABI encodes samples raw.
    if (name && jpeg::can_encode(PixelInfo(pf), true)) {
      ASSERT_EQ(ret, HI_SUCCESS) << fk_jpege_last_error();
      reached.insert(pf);
      hi_venc_pack pack;
      hi_venc_stream s{};
      s.pack = &pack;
      s.pack_cnt = 1;
      ASSERT_EQ(hi_mpi_venc_get_stream(0, &s, 10000), HI_SUCCESS);
      EXPECT_TRUE(decode_jpeg(pack.addr, pack.len, false).ok);
      EXPECT_EQ(hi_mpi_venc_release_stream(0, &s), HI_SUCCESS);
    } else {
      EXPECT_EQ(compat_test::u(ret), HI_ERR_VENC_NOT_SUPPORT);
      const std::string message = fk_jpege_last_error();
      if (name) {
        EXPECT_TRUE(mentions(message, pf)) << message;
      } else {
        EXPECT_NE(message.find("pixel_format " + std::to_string(hi)), std::string::npos) << message;
      }
    }
  }
  // Every encodable format the SDK can name; only full-range 4:2:0 planar (yuvj420p) it
  // cannot (the SDK says the range elsewhere).
  std::set<PixelFormat> expected;
  for (const PixelFormat f : kPromised) expected.insert(f);
  expected.erase(PF_YUVJ420P);
  EXPECT_EQ(reached, expected);
  EXPECT_EQ(hi_mpi_venc_stop_chn(0), HI_SUCCESS);
  EXPECT_EQ(hi_mpi_venc_destroy_chn(0), HI_SUCCESS);
  EXPECT_EQ(hi_mpi_sys_exit(), HI_SUCCESS);
}

// The CLI built next to this test (build/<preset>/tools/framekit).
std::string cli_path() {
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "tools" /
          "framekit")
      .string();
}

struct CliRun {
  int status = -1;
  std::string output;  // stdout and stderr
};
CliRun run_cli(const std::string& command) {
  CliRun r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

TEST(CanEncode, TheCliEncodesEveryFormat) {
  const std::string cli = cli_path();
  ASSERT_TRUE(std::filesystem::exists(cli)) << cli << " (build the framekit_cli target)";
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("fk_can_encode_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  int checked = 0;
  [[maybe_unused]] int formats_seen = 0;
  for (const PixelInfo& info : every_info()) {
    ++formats_seen;
    // Raw planes, tight, one after another: what `--size --format` reads.
    const PixelFormatDesc& d = info.desc();
    const TestPicture pic(info.format(), kW, kH, 4);
    const std::filesystem::path in = dir / "in.yuv";
    {
      std::ofstream f(in, std::ios::binary);
      for (int p = 0; p < d.num_planes; ++p) {
        for (int y = 0; y < d.plane_height(p, kH); ++y) {
          f.write(reinterpret_cast<const char*>(pic.view.planes[p].row(y)),
                  static_cast<std::streamsize>(d.plane_row_bytes(p, kW)));
        }
      }
    }
    const std::string space = info.space() == CS_YCGCO ? " --space ycgco" : "";
    for (bool raw : {false, true}) {
      // One picture (the encoder path) and --channels 1 (the engine path).
      for (const char* path : {"", " --channels 1 --no-progress"}) {
#if defined(__SANITIZE_ADDRESS__)
        // Under ASan a CLI run costs a second: each format takes one of the four
        // combinations in turn, so every format and every combination still runs.
        if ((int(raw) * 2 + int(*path != '\0')) != formats_seen % 4) continue;
#endif
        SCOPED_TRACE(info.str() + (raw ? " raw" : "") + path);
        const std::filesystem::path out = dir / "out.jpg";
        std::filesystem::remove(out);
        const CliRun r = run_cli(cli + " encode " + in.string() + " --size 16x8 --format " +
                                 std::string(d.name) + space + (raw ? " --raw" : "") + path +
                                 " -o " + out.string());
        // What the encoder takes is coded as it is; the CLI converts every other format
        // (10/16-bit, RGB48, float, alpha ...) first (issue 18), so every run succeeds.
        EXPECT_EQ(r.status, 0) << r.output;
        std::ifstream f(out, std::ios::binary);
        const std::vector<uint8_t> jpg((std::istreambuf_iterator<char>(f)),
                                       std::istreambuf_iterator<char>());
        EXPECT_TRUE(decode_jpeg(jpg.data(), jpg.size(), false).ok);
        ++checked;
      }
    }
  }
  std::filesystem::remove_all(dir);
#if defined(__SANITIZE_ADDRESS__)
  EXPECT_GT(checked, 36);
#else
  EXPECT_GT(checked, 4 * 36);
#endif
}

}  // namespace
}  // namespace framekit
