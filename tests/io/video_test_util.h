// Helpers of the video tests: small videos made by ffmpeg's lavfi test source, and
// ffprobe's view of their frames and streams.
#pragma once

#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "io/io_test_util.h"

namespace framekit::io::testing {

// One codec/container pair the tests make videos with.
struct VideoCase {
  std::string name;       // "h264_mp4"
  std::string extension;  // ".mp4"
  std::string encode;     // ffmpeg output options
};

// Debian's ffmpeg has every encoder used (libx264, mpeg4, libvpx-vp9, mjpeg); a missing
// one fails the test that uses it (the ffmpeg command fails), it is never skipped.
inline std::vector<VideoCase> video_cases() {
  return {
      {"h264_mp4", ".mp4", "-c:v libx264 -preset ultrafast -g 12 -bf 2 -pix_fmt yuv420p"},
      {"mpeg4_mp4", ".mp4", "-c:v mpeg4 -g 12 -bf 2 -q:v 4 -pix_fmt yuv420p"},
      {"vp9_webm", ".webm",
       "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -g 12 -b:v 300k -pix_fmt yuv420p"},
      {"mjpeg_avi", ".avi", "-c:v mjpeg -q:v 4 -pix_fmt yuvj420p"},
      // 10-bit samples (two bytes each) and a container that does not count frames.
      {"h264_10bit_mkv", ".mkv", "-c:v libx264 -preset ultrafast -g 12 -pix_fmt yuv420p10le"},
  };
}

// Makes `seconds` of testsrc2 at `size` and `rate` with the encoder options given.
inline std::string make_video(const ScratchDir& dir, const std::string& name,
                              const std::string& encode, const std::string& size = "320x240",
                              int rate = 25, double seconds = 2, const std::string& extra = "") {
  const std::string path = dir.file(name);
  run_command("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=" + size +
              ":rate=" + std::to_string(rate) + ":duration=" + std::to_string(seconds) + " " +
              encode + " " + extra + " " + path + " 2>&1");
  return path;
}

// ffprobe's decoded frames of the first video stream.
struct ProbedFrame {
  int64_t pts = 0;
  bool key = false;
};

inline std::map<std::string, std::string> parse_compact(const std::string& line) {
  std::map<std::string, std::string> out;
  std::stringstream ss(line);
  std::string item;
  while (std::getline(ss, item, '|')) {
    const auto eq = item.find('=');
    if (eq != std::string::npos) out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return out;
}

inline std::vector<ProbedFrame> probe_frames(const std::string& path,
                                             const std::string& options = "") {
  const auto text = run_command("ffprobe -v error " + options +
                                " -select_streams v:0 -show_entries frame=pts,key_frame "
                                "-of compact=p=0:nk=0 " +
                                path);
  std::vector<ProbedFrame> frames;
  std::stringstream ss(std::string(text.begin(), text.end()));
  std::string line;
  while (std::getline(ss, line)) {
    if (line.empty()) continue;
    const auto fields = parse_compact(line);
    ProbedFrame f;
    f.pts = std::stoll(fields.at("pts"));
    f.key = fields.at("key_frame") == "1";
    frames.push_back(f);
  }
  return frames;
}

inline std::map<std::string, std::string> probe_stream(const std::string& path) {
  const auto text = run_command(
      "ffprobe -v error -select_streams v:0 -show_entries "
      "stream=width,height,codec_name,pix_fmt,nb_frames,avg_frame_rate,time_base,"
      "color_space,color_range -of compact=p=0:nk=0 " +
      path);
  return parse_compact(std::string(text.begin(), text.end() - (text.empty() ? 0 : 1)));
}

}  // namespace framekit::io::testing
