// Sniffing, PNG, PNM/PAM, Y4M and raw against files ffmpeg and ImageMagick write (and
// their own decodes), bad inputs, and the writers (round trips, atomic replacement).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <functional>

#include "framekit/core/error.h"
#include "io_test_util.h"

namespace framekit::io {
namespace {

using testing::all_planes;
using testing::read_file;
using testing::run_command;
using testing::ScratchDir;
using testing::tight_pixels;
using testing::write_file;

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

#if defined(__SANITIZE_ADDRESS__)
constexpr const char* kSize = "97x61";
constexpr int kW = 97, kH = 61;
#else
constexpr const char* kSize = "331x207";
constexpr int kW = 331, kH = 207;
#endif

const std::string kFfmpeg = "ffmpeg -loglevel error -y ";
std::string lavfi(int frames = 1, const std::string& size = kSize) {
  return "-f lavfi -i testsrc=size=" + size + ":rate=25 -frames:v " + std::to_string(frames) + " ";
}
// ffmpeg's Y4M writer cuts the last chroma byte of each row of >8-bit pictures of odd
// width (it halves the row's byte count, not its samples), so Y4M tests use even widths.
#if defined(__SANITIZE_ADDRESS__)
constexpr const char* kY4mSize = "96x61";
#else
constexpr const char* kY4mSize = "330x207";
#endif

std::vector<uint8_t> ffmpeg_raw(const std::string& file, const std::string& pix_fmt) {
  return run_command(kFfmpeg + "-i " + file + " -f rawvideo -pix_fmt " + pix_fmt + " -");
}

TEST(ImageSniff, KindsComeFromTheBytesNotTheName) {
  ScratchDir dir;
  run_command(kFfmpeg + lavfi() + dir.file("a.png"));
  run_command(kFfmpeg + lavfi() + "-f image2 -c:v mjpeg " + dir.file("a.jpg"));
  // Misnamed files read by what they are.
  std::rename(dir.file("a.png").c_str(), dir.file("png_named.jpg").c_str());
  std::rename(dir.file("a.jpg").c_str(), dir.file("jpeg_named.y4m").c_str());
  EXPECT_EQ(ImageReader(dir.file("png_named.jpg")).kind(), ImageKind::kPng);
  EXPECT_EQ(ImageReader(dir.file("jpeg_named.y4m")).kind(), ImageKind::kJpeg);
  EXPECT_EQ(read_image(dir.file("png_named.jpg")).width(), kW);
  const uint8_t gif[] = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0};
  const std::string msg = error_of([&] { decode_image(gif); });
  EXPECT_NE(msg.find("47 49 46 38 39 61"), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"GIF89a"), std::string::npos) << msg;
  EXPECT_NE(msg.find("raw planes are read only when"), std::string::npos) << msg;
  EXPECT_EQ(sniff_image_kind(std::vector<uint8_t>{'P', '6', '\n'}), ImageKind::kPnm);
  EXPECT_EQ(sniff_image_kind(std::vector<uint8_t>{'P', '3', '\n'}), ImageKind::kUnknown);
}

TEST(ImageSniff, BadPathsAndEmptyInputsAreClearErrors) {
  ScratchDir dir;
  write_file(dir.file("empty.png"), {});
  std::string msg = error_of([&] { read_image(dir.file("empty.png")); });
  EXPECT_NE(msg.find("it is empty"), std::string::npos) << msg;
  msg = error_of([&] { read_image(dir.path.string()); });
  EXPECT_NE(msg.find("is a directory"), std::string::npos) << msg;
  msg = error_of([&] { read_image(dir.file("missing.jpg")); });
  EXPECT_NE(msg.find("No such file"), std::string::npos) << msg;
  msg = error_of([&] { read_image(dir.file("empty.png") + "/x.jpg"); });
  EXPECT_NE(msg.find("Not a directory"), std::string::npos) << msg;
  // Unreadable: a file without read permission (root reads it anyway, so the case is
  // made with a folder it cannot traverse only for other users).
  write_file(dir.file("secret.jpg"), {0xFF, 0xD8, 0xFF});
  ::chmod(dir.file("secret.jpg").c_str(), 0);
  if (::geteuid() != 0) {
    msg = error_of([&] { read_image(dir.file("secret.jpg")); });
    EXPECT_NE(msg.find("Permission denied"), std::string::npos) << msg;
  } else {
    msg = error_of([&] { read_image(dir.file("secret.jpg")); });
    EXPECT_NE(msg.find("secret.jpg"), std::string::npos) << msg;  // read, then refused as cut
  }
}

TEST(PngRead, EveryColorTypeAndDepthFfmpegWritesGivesFfmpegsPixels) {
  ScratchDir dir;
  // (ffmpeg's PNG pixel format, what framekit reads it as, ffmpeg's raw twin of that)
  const std::tuple<std::string, PixelFormat, std::string> cases[] = {
      {"rgb24", PF_RGB24, "rgb24"},     {"rgba", PF_RGBA32, "rgba"},
      {"gray", PF_GRAY8, "gray"},       {"gray16be", PF_GRAY16, "gray16le"},
      {"rgb48be", PF_RGB48, "rgb48le"}, {"rgba64be", PF_RGBA64, "rgba64le"},
      {"pal8", PF_RGB24, "rgb24"},      {"ya8", PF_RGBA32, "rgba"},
      {"monob", PF_GRAY8, "gray"}};
  for (const auto& [png_fmt, format, raw_fmt] : cases) {
    SCOPED_TRACE(png_fmt);
    const std::string png = dir.file(png_fmt + ".png");
    run_command(kFfmpeg + lavfi() + "-pix_fmt " + png_fmt + " " + png);
    const Frame f = read_image(png).frame();
    EXPECT_EQ(f.format(), format);
    EXPECT_TRUE(all_planes(f) == ffmpeg_raw(png, raw_fmt));
  }
}

TEST(PngRead, ImageMagicksInterlacedAndPalettePngsGiveItsPixels) {
  ScratchDir dir;
  run_command(kFfmpeg + lavfi() + dir.file("src.png"));
  const std::pair<std::string, std::string> cases[] = {
      {"-interlace PNG", "rgb"},
      {"-interlace PNG -depth 16", "rgb"},
      {"-colors 200 -define png:color-type=3", "rgb"},
      {"-colorspace Gray -interlace PNG", "gray"},
      {"-alpha set -channel A -evaluate set 50% +channel", "rgba"}};
  for (const auto& [flags, kind] : cases) {
    SCOPED_TRACE(flags);
    const std::string out = dir.file("im.png");
    run_command("/usr/bin/convert " + dir.file("src.png") + " " + flags + " " + out);
    const Frame f = read_image(out).frame();
    // ImageMagick's own decode, at the depth framekit reads.
    const bool wide = f.desc().bit_depth > 8;
    const std::string im_fmt = kind == "gray" ? "gray" : (f.desc().has_alpha ? "rgba" : "rgb");
    const auto ref = run_command("/usr/bin/convert " + out + " -depth " + (wide ? "16" : "8") +
                                 " -endian LSB " + im_fmt + ":-");
    EXPECT_TRUE(all_planes(f) == ref) << pixel_format_name(f.format());
  }
}

TEST(PngRead, DamagedAndForgedPngsAreClearErrors) {
  ScratchDir dir;
  run_command(kFfmpeg + lavfi() + dir.file("a.png"));
  auto png = read_file(dir.file("a.png"));
  auto cut = png;
  cut.resize(png.size() / 2);
  EXPECT_NE(error_of([&] { decode_image(cut); }).find("PNG"), std::string::npos);
  auto flipped = png;
  flipped[png.size() / 2] ^= 0x40;
  const std::string msg = error_of([&] { decode_image(flipped); });
  EXPECT_NE(msg.find("CRC"), std::string::npos) << msg;
  auto huge = png;  // IHDR width/height at bytes 16..23
  huge[16] = huge[20] = 0x00;
  huge[17] = huge[21] = 0x01;  // 65536+ x 65536+
  EXPECT_FALSE(error_of([&] { decode_image(huge); }).empty());
}

TEST(PnmRead, PgmPpmAndPamOfFfmpegGiveItsPixels) {
  ScratchDir dir;
  const std::tuple<std::string, std::string, PixelFormat, std::string> cases[] = {
      {"p.ppm", "rgb24", PF_RGB24, "rgb24"}, {"p16.ppm", "rgb48be", PF_RGB48, "rgb48le"},
      {"g.pgm", "gray", PF_GRAY8, "gray"},   {"g16.pgm", "gray16be", PF_GRAY16, "gray16le"},
      {"a.pam", "rgba", PF_RGBA32, "rgba"},  {"a16.pam", "rgba64be", PF_RGBA64, "rgba64le"},
      {"ga.pam", "ya8", PF_RGBA32, "rgba"},  {"c.pam", "rgb24", PF_RGB24, "rgb24"}};
  for (const auto& [name, fmt, format, raw] : cases) {
    SCOPED_TRACE(name);
    const std::string file = dir.file(name);
    run_command(kFfmpeg + lavfi() + "-pix_fmt " + fmt + " " + file);
    const Frame f = read_image(file).frame();
    EXPECT_EQ(f.format(), format);
    EXPECT_TRUE(all_planes(f) == ffmpeg_raw(file, raw));
  }
  auto ppm = read_file(dir.file("p.ppm"));
  ppm.resize(ppm.size() - 10);
  const std::string msg = error_of([&] { decode_image(ppm); });
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
}

TEST(Y4mRead, EveryFrameOfEveryChromaTagGivesFfmpegsPixels) {
  ScratchDir dir;
  const std::tuple<std::string, PixelFormat, std::string> cases[] = {
      {"yuv420p", PF_YUV420P, ""},
      {"yuvj420p", PF_YUV420P, "full"},
      {"yuv422p", PF_YUV422P, ""},
      {"yuv444p", PF_YUV444P, ""},
      {"gray", PF_GRAY8, ""},
      {"yuv420p10le", PF_YUV420P10LE, ""},
      {"yuv422p12le", PF_YUV422P12LE, ""},
      {"yuv444p16le", PF_YUV444P16LE, ""},
      {"gray16le", PF_GRAY16, ""}};
  // ffmpeg's chroma siting picks the 4:2:0 tag: 420jpeg, 420paldv, 420mpeg2.
  const std::pair<std::string, std::string> chroma_sitings[] = {
      {"center", "C420jpeg"}, {"topleft", "C420paldv"}, {"left", "C420mpeg2"}};
  for (const auto& [fmt, format, range] : cases) {
    SCOPED_TRACE(fmt);
    const std::string y4m = dir.file(fmt + ".y4m");
    run_command(kFfmpeg + lavfi(3, kY4mSize) + "-pix_fmt " + fmt + " -strict -1 " + y4m);
    ImageReader reader(y4m);
    const auto raw = ffmpeg_raw(y4m, fmt);
    std::vector<uint8_t> ours;
    int n = 0;
    for (VideoFrame vf = reader.next(); vf; vf = reader.next(), ++n) {
      EXPECT_EQ(vf.frame().format(), format);
      EXPECT_EQ(vf.pts(), n);
      EXPECT_TRUE((vf.time_base() == Rational{1, 25}));
      if (range == "full") {
        EXPECT_EQ(vf.frame().pix_info().range(), CR_JPEG);
      }
      const auto planes = all_planes(vf.frame());
      ours.insert(ours.end(), planes.begin(), planes.end());
    }
    EXPECT_EQ(n, 3);
    EXPECT_TRUE(ours == raw);
  }
  for (const auto& [siting, tag] : chroma_sitings) {
    SCOPED_TRACE(siting);
    const std::string y4m = dir.file("s.y4m");
    run_command(kFfmpeg + lavfi(1, kY4mSize) + "-pix_fmt yuv420p -chroma_sample_location " +
                siting + " " + y4m);
    const auto bytes = read_file(y4m);
    ASSERT_NE(std::string(bytes.begin(), bytes.begin() + 80).find(" " + tag + " "),
              std::string::npos);
    const Frame f = read_image(y4m).frame();
    EXPECT_EQ(f.format(), PF_YUV420P);
    EXPECT_TRUE(all_planes(f) == ffmpeg_raw(y4m, "yuv420p"));
  }
}

TEST(Y4mRead, DamagedStreamsAreClearErrors) {
  ScratchDir dir;
  run_command(kFfmpeg + lavfi(2) + "-pix_fmt yuv420p " + dir.file("a.y4m"));
  auto y4m = read_file(dir.file("a.y4m"));
  auto cut = y4m;
  cut.resize(y4m.size() - 100);
  ImageReader reader(cut);
  EXPECT_TRUE(reader.next());
  std::string msg = error_of([&] { reader.next(); });
  EXPECT_NE(msg.find("ends inside frame 1"), std::string::npos) << msg;
  const std::string huge = "YUV4MPEG2 W1000000 H1000000 F25:1 C420jpeg\nFRAME\n";
  msg = error_of(
      [&] { decode_image(std::span(reinterpret_cast<const uint8_t*>(huge.data()), huge.size())); });
  EXPECT_NE(msg.find("more than the limit"), std::string::npos) << msg;
  const std::string bad = "YUV4MPEG2 W16 H16 C411\nFRAME\n";
  msg = error_of(
      [&] { decode_image(std::span(reinterpret_cast<const uint8_t*>(bad.data()), bad.size())); });
  EXPECT_NE(msg.find("C411"), std::string::npos) << msg;
}

TEST(RawRead, OnlyWithSizeAndFormatAndWholeFrames) {
  std::vector<uint8_t> raw(16 * 8 * 3 / 2 * 2);
  for (size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<uint8_t>(i * 7);
  ReadOptions o;
  o.raw = RawFormat{16, 8, PixelInfo(PF_NV12)};
  ImageReader reader(raw, o);
  EXPECT_EQ(reader.kind(), ImageKind::kRaw);
  std::vector<uint8_t> got;
  int n = 0;
  for (VideoFrame vf = reader.next(); vf; vf = reader.next(), ++n) {
    const auto p = all_planes(vf.frame());
    got.insert(got.end(), p.begin(), p.end());
  }
  EXPECT_EQ(n, 2);
  EXPECT_TRUE(got == raw);
  raw.pop_back();
  EXPECT_NE(error_of([&] { ImageReader r(raw, o); }).find("not a whole number"), std::string::npos);
  EXPECT_NE(error_of([&] { decode_image(raw); }).find("raw planes are read only when"),
            std::string::npos);
}

TEST(ImageWrite, RoundTripsThroughEveryKind) {
  ScratchDir dir;
  run_command(kFfmpeg + lavfi() + "-pix_fmt rgba " + dir.file("src.png"));
  const VideoFrame rgba = read_image(dir.file("src.png"));
  // PNG keeps RGBA as is.
  write_image(dir.file("out.png"), rgba);
  EXPECT_TRUE(all_planes(read_image(dir.file("out.png")).frame()) == all_planes(rgba.frame()));
  EXPECT_TRUE(ffmpeg_raw(dir.file("out.png"), "rgba") == all_planes(rgba.frame()));
  // PPM stores RGB: the same pixels without alpha, as ffmpeg reads them.
  write_image(dir.file("out.ppm"), rgba);
  EXPECT_TRUE(ffmpeg_raw(dir.file("out.ppm"), "rgba") == ffmpeg_raw(dir.file("src.png"), "rgba") ||
              ffmpeg_raw(dir.file("out.ppm"), "rgb24") == ffmpeg_raw(dir.file("src.png"), "rgb24"));
  // 16-bit PNG and PGM keep 16 bits.
  run_command(kFfmpeg + lavfi() + "-pix_fmt gray16be " + dir.file("g16.png"));
  const VideoFrame g16 = read_image(dir.file("g16.png"));
  write_image(dir.file("g16.pgm"), g16);
  write_image(dir.file("g16b.png"), g16);
  EXPECT_TRUE(ffmpeg_raw(dir.file("g16.pgm"), "gray16le") == all_planes(g16.frame()));
  EXPECT_TRUE(ffmpeg_raw(dir.file("g16b.png"), "gray16le") == all_planes(g16.frame()));
  // JPEG through framekit's encoder; djpeg reads it.
  WriteOptions jq;
  jq.jpeg.quality = 90;
  write_image(dir.file("out.jpg"), rgba, jq);
  const Frame back = read_image(dir.file("out.jpg"),
                                [] {
                                  ReadOptions o;
                                  o.format = PixelInfo(PF_RGB24);
                                  return o;
                                }())
                         .frame();
  EXPECT_TRUE(tight_pixels(back) ==
              testing::pnm_pixels(run_command("djpeg -ppm " + dir.file("out.jpg"))));
  // Raw: the planes as they are.
  write_image(dir.file("out.rgb"), rgba);
  EXPECT_TRUE(read_file(dir.file("out.rgb")) == all_planes(rgba.frame()));
}

TEST(ImageWrite, PngKeepsTheIccProfile) {
  ScratchDir dir;
  run_command(kFfmpeg + lavfi() + dir.file("src.png"));
  VideoFrame vf = read_image(dir.file("src.png"));
  auto meta = std::make_shared<ImageMetadata>();
  for (int i = 0; i < 3000; ++i) meta->icc_profile.push_back(static_cast<uint8_t>(i * 13));
  vf.frame().set_image_metadata(meta);
  write_image(dir.file("icc.png"), vf);
  EXPECT_TRUE(read_image(dir.file("icc.png")).frame().image_metadata()->icc_profile ==
              meta->icc_profile);
  WriteOptions drop;
  drop.keep_metadata = false;
  write_image(dir.file("plain.png"), vf, drop);
  EXPECT_TRUE(read_image(dir.file("plain.png")).frame().image_metadata()->icc_profile.empty());
}

TEST(ImageWrite, Y4mWriterWritesEveryFrameAsFfmpegReadsThem) {
  ScratchDir dir;
  run_command(kFfmpeg + lavfi(4) + "-pix_fmt yuv422p " + dir.file("src.y4m"));
  ImageReader reader(dir.file("src.y4m"));
  ImageWriter writer(dir.file("out.y4m"));
  std::vector<uint8_t> frames;
  for (VideoFrame vf = reader.next(); vf; vf = reader.next()) {
    writer.write(vf);
    const auto p = all_planes(vf.frame());
    frames.insert(frames.end(), p.begin(), p.end());
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("out.y4m")));  // nothing before commit
  writer.commit();
  EXPECT_TRUE(ffmpeg_raw(dir.file("out.y4m"), "yuv422p") == frames);
  const auto probe = run_command(
      "ffprobe -v error -count_frames -show_entries "
      "stream=nb_read_frames,r_frame_rate -of csv=p=0 " +
      dir.file("out.y4m"));
  EXPECT_EQ(std::string(probe.begin(), probe.end()), "25/1,4\n");
}

size_t files_in(const std::filesystem::path& dir) {
  return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
}

TEST(ImageWrite, AFailedWriteLeavesTheOldFileAndNoTemporary) {
  ScratchDir dir;
  const std::vector<uint8_t> old = {'o', 'l', 'd'};
  run_command(kFfmpeg + lavfi(2) + "-pix_fmt yuv420p " + dir.file("src.y4m"));
  ImageReader reader(dir.file("src.y4m"));
  const VideoFrame a = reader.next();
  // An encoder error (quality 0) before anything is written.
  write_file(dir.file("x.jpg"), old);
  WriteOptions bad;
  bad.jpeg.quality = 0;
  EXPECT_FALSE(error_of([&] { write_image(dir.file("x.jpg"), a, bad); }).empty());
  EXPECT_TRUE(read_file(dir.file("x.jpg")) == old);
  // A multi-frame Y4M failing at its third frame (another size), then dropped.
  write_file(dir.file("x.y4m"), old);
  {
    ImageWriter writer(dir.file("x.y4m"));
    writer.write(a);
    writer.write(reader.next());
    const std::string msg =
        error_of([&] { writer.write(VideoFrame(a.frame().crop(0, 0, 16, 16))); });
    EXPECT_NE(msg.find("frame 2 is 16x16"), std::string::npos) << msg;
    EXPECT_EQ(files_in(dir.path), 4u);  // src, x.jpg, x.y4m and the temporary
  }
  EXPECT_TRUE(read_file(dir.file("x.y4m")) == old);
  EXPECT_EQ(files_in(dir.path), 3u);  // the temporary is gone
  // Bad targets.
  EXPECT_NE(error_of([&] { write_image(dir.path.string(), a); }).find("directory"),
            std::string::npos);
  EXPECT_NE(error_of([&] { write_image(dir.file("nofolder/a.png"), a); }).find("does not exist"),
            std::string::npos);
  EXPECT_NE(error_of([&] { write_image(dir.file("a.gif"), a); }).find("give the kind"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              write_image(dir.file("two.png"), a);
              ImageWriter w(dir.file("t.png"));
              w.write(a);
              w.write(a);
            }).find("holds one image"),
            std::string::npos);
}

}  // namespace
}  // namespace framekit::io
