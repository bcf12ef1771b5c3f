// What an atomic write does with the file it replaces: permission bits kept, new files
// as open(2) makes them (0666 less the umask), symbolic links followed, and targets
// that are not regular files (a FIFO, /dev/null) written directly as streams.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "framekit/core/error.h"
#include "io_test_util.h"

namespace framekit::io {
namespace {

using testing::read_file;
using testing::ScratchDir;
using testing::write_file;

namespace fs = std::filesystem;

VideoFrame small_frame() {
  Frame f(6, 4, PixelInfo(PF_RGB24));
  const ImageView v = f.view();
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 18; ++x) v.planes[0].row(y)[x] = static_cast<uint8_t>(x * 13 + y * 7);
  return VideoFrame(f);
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

size_t files_in(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(AtomicWrite, NewFilesFollowTheUmask) {
  ScratchDir dir;
  const mode_t before = ::umask(022);
  write_image(dir.file("a.ppm"), small_frame());
  EXPECT_EQ(mode_of(dir.file("a.ppm")), 0644u);
  ::umask(077);
  write_image(dir.file("b.ppm"), small_frame());
  EXPECT_EQ(mode_of(dir.file("b.ppm")), 0600u);
  ::umask(before);
}

TEST(AtomicWrite, ReplacingAFileKeepsItsPermissions) {
  ScratchDir dir;
  const mode_t before = ::umask(022);
  const std::string path = dir.file("keep.ppm");
  for (const mode_t mode : {0640u, 0600u, 0444u, 0755u}) {
    write_file(path, {'o', 'l', 'd'});
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    write_image(path, small_frame());
    EXPECT_EQ(mode_of(path), mode);
    EXPECT_TRUE(read_file(path) == encode_image(small_frame(), ImageKind::kPnm));
  }
  EXPECT_EQ(files_in(dir.path), 1u);  // no temporary left
  ::umask(before);
}

TEST(AtomicWrite, SymbolicLinksAreFollowed) {
  ScratchDir dir;
  const std::string real = dir.file("real.ppm"), link = dir.file("link.ppm");
  write_file(real, {'o', 'l', 'd'});
  ASSERT_EQ(::chmod(real.c_str(), 0640), 0);
  fs::create_symlink("real.ppm", link);
  write_image(link, small_frame());
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
  EXPECT_EQ(fs::read_symlink(link), fs::path("real.ppm"));
  EXPECT_TRUE(read_file(real) == encode_image(small_frame(), ImageKind::kPnm));
  EXPECT_EQ(mode_of(real), 0640u);
  // A link to nothing is an error, and nothing is created.
  const std::string dangling = dir.file("dangling.ppm");
  fs::create_symlink("missing.ppm", dangling);
  const std::string msg = error_of([&] { write_image(dangling, small_frame()); });
  EXPECT_NE(msg.find("symbolic link to 'missing.ppm', which does not exist"), std::string::npos)
      << msg;
  EXPECT_FALSE(fs::exists(dir.file("missing.ppm")));
  EXPECT_EQ(files_in(dir.path), 3u);
}

TEST(AtomicWrite, FifosAndDevicesAreWrittenDirectly) {
  ScratchDir dir;
  const std::string fifo = dir.file("pipe.ppm");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::vector<uint8_t> received;
  std::thread reader([&] {
    std::ifstream in(fifo, std::ios::binary);
    received.assign(std::istreambuf_iterator<char>(in), {});
  });
  write_image(fifo, small_frame());
  reader.join();
  EXPECT_TRUE(received == encode_image(small_frame(), ImageKind::kPnm));
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(files_in(dir.path), 1u);  // no temporary next to it
  // Multi-frame writers stream too.
  WriteOptions y4m;
  y4m.kind = ImageKind::kY4m;
  std::thread reader2([&] {
    std::ifstream in(fifo, std::ios::binary);
    received.assign(std::istreambuf_iterator<char>(in), {});
  });
  {
    ImageWriter writer(fifo, y4m);
    writer.write(small_frame());
    writer.write(small_frame());
    writer.commit();
  }
  reader2.join();
  EXPECT_EQ(std::string(received.begin(), received.begin() + 10), "YUV4MPEG2 ");
  WriteOptions ppm;
  ppm.kind = ImageKind::kPnm;
  EXPECT_NO_THROW(write_image("/dev/null", small_frame(), ppm));
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

}  // namespace
}  // namespace framekit::io
