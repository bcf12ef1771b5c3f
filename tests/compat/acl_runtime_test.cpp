// The pyACL runtime emulation called directly (no interpreter): acl.init/finalize and the
// acl.rt bookkeeping, the memory checks of rt_memcpy, rt_malloc/free and ptr_to_bytes, and
// every error code they return.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "compat/acl_runtime.h"
#include "framekit/compat/hi_dvpp.h"

namespace framekit {
namespace {

namespace acl = compat::acl;
using jpege::MemKind;

uint64_t addr(const void* p) {
  return reinterpret_cast<uintptr_t>(p);
}

// The runtime is process-wide: each test starts from "not initialised".
class AclRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    acl::finalize();
    unsetenv("FRAMEKIT_ACL_RUN_MODE");
  }
  void TearDown() override {
    acl::finalize();
    unsetenv("FRAMEKIT_ACL_RUN_MODE");
  }
};

// Memory this process has reserved but may not touch: a wild pointer that is not NULL.
struct NoAccessPage {
  NoAccessPage() : p(mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) {}
  ~NoAccessPage() { munmap(p, 4096); }
  void* p;
};

// A device block of n bytes, freed at the end of the scope.
struct Block {
  explicit Block(uint64_t n, MemKind kind = MemKind::kDevice) : kind(kind) {
    const acl::Result r = acl::rt_malloc(n, kind);
    EXPECT_EQ(r.ret, ACL_SUCCESS);
    ptr = r.value;
  }
  ~Block() { EXPECT_EQ(acl::rt_free(ptr, kind), ACL_SUCCESS); }
  uint8_t* bytes() const { return reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(ptr)); }
  MemKind kind;
  uint64_t ptr = 0;
};

TEST_F(AclRuntimeTest, InitFinalizeDevicesAndContexts) {
  EXPECT_EQ(acl::finalize(), ACL_ERROR_UNINITIALIZE);
  EXPECT_EQ(acl::rt_set_device(0), ACL_ERROR_UNINITIALIZE);
  EXPECT_EQ(acl::init(), ACL_SUCCESS);
  EXPECT_EQ(acl::init(), ACL_ERROR_REPEAT_INITIALIZE);
  EXPECT_EQ(acl::rt_set_device(1), ACL_ERROR_INVALID_PARAM);  // one device: 0
  EXPECT_EQ(acl::rt_set_device(-1), ACL_ERROR_INVALID_PARAM);
  // A context needs its device set first.
  EXPECT_EQ(acl::rt_create_context(0).ret, ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(acl::rt_create_context(0).value, 0u);
  EXPECT_EQ(acl::rt_set_device(0), ACL_SUCCESS);
  const acl::Result a = acl::rt_create_context(0);
  const acl::Result b = acl::rt_create_context(0);
  ASSERT_EQ(a.ret, ACL_SUCCESS);
  ASSERT_EQ(b.ret, ACL_SUCCESS);
  EXPECT_NE(a.value, 0u);
  EXPECT_NE(a.value, b.value);
  EXPECT_EQ(acl::rt_create_context(1).ret, ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(acl::rt_destroy_context(a.value), ACL_SUCCESS);
  EXPECT_EQ(acl::rt_destroy_context(a.value), ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(acl::rt_destroy_context(0), ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(acl::rt_reset_device(0), ACL_SUCCESS);
  EXPECT_EQ(acl::rt_reset_device(0), ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(acl::rt_create_context(0).ret, ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(acl::rt_set_device(0), ACL_SUCCESS);
  // finalize forgets devices and contexts; init starts again from nothing.
  EXPECT_EQ(acl::finalize(), ACL_SUCCESS);
  EXPECT_EQ(acl::finalize(), ACL_ERROR_UNINITIALIZE);
  EXPECT_EQ(acl::rt_destroy_context(b.value), ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(acl::rt_reset_device(0), ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(acl::init(), ACL_SUCCESS);
  EXPECT_EQ(acl::rt_create_context(0).ret, ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(acl::rt_set_device(0), ACL_SUCCESS);
  const acl::Result c = acl::rt_create_context(0);
  EXPECT_EQ(c.ret, ACL_SUCCESS);
  EXPECT_GT(c.value, b.value);  // never reused within the process
}

TEST_F(AclRuntimeTest, RunModeFromTheEnvironment) {
  EXPECT_EQ(acl::rt_run_mode(), ACL_HOST);
  setenv("FRAMEKIT_ACL_RUN_MODE", "device", 1);
  EXPECT_EQ(acl::rt_run_mode(), ACL_DEVICE);
  setenv("FRAMEKIT_ACL_RUN_MODE", "DEVICE", 1);
  EXPECT_EQ(acl::rt_run_mode(), ACL_HOST);
  setenv("FRAMEKIT_ACL_RUN_MODE", "", 1);
  EXPECT_EQ(acl::rt_run_mode(), ACL_HOST);
}

TEST_F(AclRuntimeTest, MallocAndFreeErrors) {
  const uint64_t before = fk_dvpp_live_blocks();
  EXPECT_EQ(acl::rt_malloc(0, MemKind::kDevice).ret, ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(acl::rt_malloc(0, MemKind::kHost).ret, ACL_ERROR_INVALID_PARAM);
  const acl::Result huge = acl::rt_malloc(uint64_t{1} << 50, MemKind::kDevice);
  EXPECT_EQ(huge.ret, ACL_ERROR_BAD_ALLOC);
  EXPECT_EQ(huge.value, 0u);
  const acl::Result d = acl::rt_malloc(100, MemKind::kDevice);
  const acl::Result h = acl::rt_malloc(100, MemKind::kHost);
  ASSERT_EQ(d.ret, ACL_SUCCESS);
  ASSERT_EQ(h.ret, ACL_SUCCESS);
  EXPECT_EQ(d.value % jpege::kDeviceMemAlign, 0u);
  EXPECT_EQ(fk_dvpp_live_blocks(), before + 2);
  // Each kind is freed by its own call only.
  EXPECT_EQ(acl::rt_free(d.value, MemKind::kHost), ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(acl::rt_free(h.value, MemKind::kDevice), ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(hi_mpi_dvpp_free(reinterpret_cast<void*>(h.value)),
            static_cast<hi_s32>(HI_ERR_SYS_ILLEGAL_PARAM));
  EXPECT_EQ(acl::rt_free(d.value, MemKind::kDevice), ACL_SUCCESS);
  EXPECT_EQ(acl::rt_free(h.value, MemKind::kHost), ACL_SUCCESS);
  EXPECT_EQ(acl::rt_free(d.value, MemKind::kDevice), ACL_ERROR_INVALID_PARAM);  // twice
  EXPECT_EQ(acl::rt_free(0, MemKind::kDevice), ACL_ERROR_INVALID_PARAM);
  int x = 0;
  EXPECT_EQ(acl::rt_free(addr(&x), MemKind::kHost), ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(fk_dvpp_live_blocks(), before);
}

TEST_F(AclRuntimeTest, MemcpyCopiesBetweenTheKindsItNames) {
  Block dev(64), host(64, MemKind::kHost);
  std::vector<uint8_t> src(64), dst(64, 0);
  for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<uint8_t>(i * 7 + 1);
  ASSERT_EQ(acl::rt_memcpy(dev.ptr, 64, addr(src.data()), 64, ACL_MEMCPY_HOST_TO_DEVICE),
            ACL_SUCCESS);
  EXPECT_EQ(std::memcmp(dev.bytes(), src.data(), 64), 0);
  ASSERT_EQ(acl::rt_memcpy(host.ptr, 64, dev.ptr, 64, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
  ASSERT_EQ(acl::rt_memcpy(addr(dst.data()), 64, host.ptr, 64, ACL_MEMCPY_HOST_TO_HOST),
            ACL_SUCCESS);
  EXPECT_EQ(dst, src);
  // Overlapping device-to-device: a move, not a smeared copy.
  ASSERT_EQ(acl::rt_memcpy(dev.ptr + 1, 63, dev.ptr, 32, ACL_MEMCPY_DEVICE_TO_DEVICE), ACL_SUCCESS);
  EXPECT_EQ(std::memcmp(dev.bytes() + 1, src.data(), 32), 0);
  // DEFAULT takes any direction.
  ASSERT_EQ(acl::rt_memcpy(addr(dst.data()), 64, dev.ptr, 64, ACL_MEMCPY_DEFAULT), ACL_SUCCESS);
  EXPECT_EQ(dst[1], src[0]);
  // Nothing to copy is fine whatever the pointers are.
  EXPECT_EQ(acl::rt_memcpy(0, 0, 0, 0, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
}

TEST_F(AclRuntimeTest, MemcpyErrorsAreCodesNotCrashes) {
  Block dev(64), host(64, MemKind::kHost);
  std::vector<uint8_t> buf(256, 5);
  const uint64_t b = addr(buf.data());
  NoAccessPage wild;
  const uint64_t w = addr(wild.p);
  static const char kReadOnly[64] = "read-only";
  const int invalid = ACL_ERROR_INVALID_PARAM;

  EXPECT_EQ(acl::rt_memcpy(dev.ptr, 64, b, 64, -1), invalid);  // no such kind
  EXPECT_EQ(acl::rt_memcpy(dev.ptr, 64, b, 64, ACL_MEMCPY_DEFAULT + 1), invalid);
  EXPECT_EQ(acl::rt_memcpy(dev.ptr, 32, b, 64, ACL_MEMCPY_HOST_TO_DEVICE), invalid);  // > max
  EXPECT_EQ(acl::rt_memcpy(dev.ptr, 65, b, 65, ACL_MEMCPY_HOST_TO_DEVICE), invalid);  // past block
  EXPECT_EQ(acl::rt_memcpy(dev.ptr + 64, 1, b, 1, ACL_MEMCPY_HOST_TO_DEVICE),
            invalid);  // at its end
  EXPECT_EQ(acl::rt_memcpy(0, 64, b, 64, ACL_MEMCPY_HOST_TO_DEVICE), invalid);
  EXPECT_EQ(acl::rt_memcpy(dev.ptr, 64, 0, 64, ACL_MEMCPY_HOST_TO_DEVICE), invalid);
  // In host mode each side must be of the kind the copy names.
  EXPECT_EQ(acl::rt_memcpy(b, 64, b + 64, 64, ACL_MEMCPY_HOST_TO_DEVICE), invalid);
  EXPECT_EQ(acl::rt_memcpy(host.ptr, 64, b, 64, ACL_MEMCPY_HOST_TO_DEVICE), invalid);
  EXPECT_EQ(acl::rt_memcpy(b, 64, b + 64, 64, ACL_MEMCPY_DEVICE_TO_HOST), invalid);
  EXPECT_EQ(acl::rt_memcpy(dev.ptr, 64, b, 64, ACL_MEMCPY_HOST_TO_HOST), invalid);
  EXPECT_EQ(acl::rt_memcpy(b, 64, dev.ptr, 64, ACL_MEMCPY_DEVICE_TO_DEVICE), invalid);
  // Unmapped or read-only memory: refused before any byte moves.
  for (int kind : {ACL_MEMCPY_HOST_TO_HOST, ACL_MEMCPY_DEFAULT}) {
    EXPECT_EQ(acl::rt_memcpy(w, 64, b, 64, kind), invalid) << kind;
    EXPECT_EQ(acl::rt_memcpy(b, 64, w, 64, kind), invalid) << kind;
    EXPECT_EQ(acl::rt_memcpy(addr(kReadOnly), 64, b, 64, kind), invalid) << kind;
    EXPECT_EQ(acl::rt_memcpy(dev.ptr + 32, 64, b, 64, kind), invalid) << kind;
    EXPECT_EQ(acl::rt_memcpy(0, 64, b, 64, kind), invalid) << kind;
  }
  EXPECT_STREQ(kReadOnly, "read-only");
  EXPECT_EQ(buf, std::vector<uint8_t>(256, 5));
  // A read-only source is fine.
  EXPECT_EQ(acl::rt_memcpy(b, 64, addr(kReadOnly), 64, ACL_MEMCPY_HOST_TO_HOST), ACL_SUCCESS);
  // A freed block is no memory at all.
  uint64_t freed = 0;
  {
    Block gone(64);
    freed = gone.ptr;
  }
  EXPECT_EQ(acl::rt_memcpy(freed, 64, b, 64, ACL_MEMCPY_HOST_TO_DEVICE), invalid);
  EXPECT_EQ(acl::rt_memcpy(freed, 64, b, 64, ACL_MEMCPY_DEFAULT), invalid);
}

TEST_F(AclRuntimeTest, DeviceRunModeMakesEveryPointerDeviceMemory) {
  Block dev(64);
  std::vector<uint8_t> buf(64, 9);
  const uint64_t b = addr(buf.data());
  EXPECT_EQ(acl::rt_memcpy(b, 64, dev.ptr, 64, ACL_MEMCPY_DEVICE_TO_DEVICE),
            ACL_ERROR_INVALID_PARAM);
  setenv("FRAMEKIT_ACL_RUN_MODE", "device", 1);
  EXPECT_EQ(acl::rt_memcpy(dev.ptr, 64, b, 64, ACL_MEMCPY_DEVICE_TO_DEVICE), ACL_SUCCESS);
  EXPECT_EQ(dev.bytes()[63], 9);
  EXPECT_EQ(acl::rt_memcpy(b, 64, dev.ptr, 64, ACL_MEMCPY_HOST_TO_HOST), ACL_SUCCESS);
  // Bounds still hold.
  EXPECT_EQ(acl::rt_memcpy(dev.ptr, 65, b, 65, ACL_MEMCPY_DEVICE_TO_DEVICE),
            ACL_ERROR_INVALID_PARAM);
  NoAccessPage wild;
  EXPECT_EQ(acl::rt_memcpy(addr(wild.p), 64, b, 64, ACL_MEMCPY_DEVICE_TO_DEVICE),
            ACL_ERROR_INVALID_PARAM);
}

TEST_F(AclRuntimeTest, UnreadableReasonNamesWhatIsWrong) {
  Block dev(100);
  std::vector<uint8_t> buf(16);
  NoAccessPage wild;
  const uint64_t max = uint64_t{1} << 40;
  EXPECT_EQ(acl::unreadable_reason(dev.ptr, 100, max), "");
  EXPECT_EQ(acl::unreadable_reason(addr(buf.data()), 16, max), "");
  EXPECT_EQ(acl::unreadable_reason(dev.ptr, 0, max), "");
  EXPECT_EQ(acl::unreadable_reason(0, 1, max), "ptr_to_bytes: NULL pointer");
  EXPECT_EQ(acl::unreadable_reason(addr(buf.data()), max + 1, max),
            "ptr_to_bytes: size 1099511627777 is too large");
  const std::string past = acl::unreadable_reason(dev.ptr, 101, max);
  EXPECT_EQ(past, "ptr_to_bytes: " + jpege::describe_range(dev.bytes(), 101));
  EXPECT_NE(jpege::describe_range(dev.bytes(), 101), "");
  EXPECT_EQ(acl::unreadable_reason(addr(wild.p), 8, max),
            "ptr_to_bytes: 8 bytes at " + std::to_string(addr(wild.p)) +
                " are not readable memory of this process");
}

TEST(AclConstants, OneEntryPerNameWithTheHeadersValues) {
  const auto table = acl::constants();
  EXPECT_EQ(table.size(), 103u);
  std::set<std::string> names;
  for (const acl::Constant& c : table) EXPECT_TRUE(names.insert(c.name).second) << c.name;
  EXPECT_STREQ(table.front().name, "ACL_SUCCESS");
  auto value = [&](const std::string& name) {
    for (const acl::Constant& c : table) {
      if (name == c.name) return c.value;
    }
    ADD_FAILURE() << name << " missing";
    return int64_t{-12345};
  };
  // The SDK's codes are unsigned 32-bit numbers, not their signed return values.
  EXPECT_EQ(value("HI_ERR_VENC_SIZE_NOT_ENOUGH"), int64_t{0xA0088013});
  EXPECT_EQ(value("HI_DVPP_EPOLL_ET"), int64_t{1} << 31);
  EXPECT_EQ(value("HI_FAILURE"), -1);
  EXPECT_EQ(value("HI_VIDEO_FORMAT_TILE_64x16"), 1);
  EXPECT_EQ(value("ACL_ERROR_BAD_ALLOC"), 200000);
}

}  // namespace
}  // namespace framekit
