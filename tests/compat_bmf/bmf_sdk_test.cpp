// BMF's SDK names (<bmf/sdk/video_frame.h>, json_param.h, exception_factory.h,
// config.h): VideoFrame::dtype/copy_/private_merge/set_stream/stream, Frame::storage,
// OpaqueData/OpaqueDataKey/OpaqueDataInfo in BMF's form, JsonParam, BMF_Error.
// References: the frames' own samples and pointers, and lifetimes tracked by the test.
#include <gtest/gtest.h>

#include <bmf/sdk/config.h>
#include <bmf/sdk/exception_factory.h>
#include <bmf/sdk/json_param.h>
#include <bmf/sdk/video_frame.h>

#include <cstring>

using namespace bmf_sdk;

namespace {

struct Tracked {
  explicit Tracked(bool* alive) : alive(alive) {
    if (alive) *alive = true;
  }
  ~Tracked() {
    if (alive) *alive = false;
  }
  int value = 0;
  bool* alive = nullptr;
};

struct Note {
  std::string text;
};

}  // namespace

// BMF's specialisation form: a key and a construct() returning OpaqueData.
namespace bmf_sdk {
template <>
struct OpaqueDataInfo<Tracked> {
  static const int key = OpaqueDataKey::kAVFrame;
  static OpaqueData construct(const Tracked* t) {
    return OpaqueData(const_cast<Tracked*>(t), [](void* p) { delete static_cast<Tracked*>(p); });
  }
};
}  // namespace bmf_sdk

TEST(BmfSdk, ConfigNamesTheAdaptersOfThisBuild) {
#if defined(FRAMEKIT_HAVE_FFMPEG_ADAPTER) != defined(BMF_ENABLE_FFMPEG)
  FAIL() << "BMF_ENABLE_FFMPEG must be defined exactly when the FFmpeg adapter is built";
#endif
  EXPECT_EQ(FRAMEKIT_BMF_COMPAT, 1);
#ifdef BMF_ENABLE_CUDA
  FAIL() << "framekit offers no hmp CUDA streams or kernels";
#endif
}

TEST(BmfSdk, DtypeIsThePlaneElementType) {
  EXPECT_EQ(VideoFrame::make(8, 4, PixelInfo(hmp::PF_YUV420P)).dtype(), kUInt8);
  EXPECT_EQ(VideoFrame::make(8, 4, PixelInfo(hmp::PF_P010LE)).dtype(), kUInt16);
  const auto vf = VideoFrame::make(8, 4, PixelInfo(hmp::PF_RGB48));
  EXPECT_EQ(vf.dtype(), vf.frame().plane(0).dtype());
  EXPECT_TRUE(vf.device() == kCPU);
}

TEST(BmfSdk, CopyCopiesPixelsIntoThisFramesMemory) {
  auto src = VideoFrame::make(6, 4, PixelInfo(hmp::PF_NV12));
  auto dst = VideoFrame::make(6, 4, PixelInfo(hmp::PF_NV12));
  for (int p = 0; p < 2; ++p) {
    Tensor t = src.frame().plane(p);
    auto* d = t.data<uint8_t>();
    for (int64_t i = 0; i < t.numel(); ++i) d[i] = uint8_t(i * 3 + p * 50);
  }
  const void* dst_memory = dst.frame().plane(0).unsafe_data();
  VideoFrame& same = dst.copy_(src);
  EXPECT_EQ(&same, &dst);
  EXPECT_EQ(dst.frame().plane(0).unsafe_data(), dst_memory);
  for (int p = 0; p < 2; ++p) {
    const Tensor& a = src.frame().plane(p);
    const Tensor& b = dst.frame().plane(p);
    EXPECT_EQ(std::memcmp(a.unsafe_data(), b.unsafe_data(), a.nbytes()), 0) << "plane " << p;
  }
  EXPECT_THROW(dst.copy_(VideoFrame::make(4, 4, PixelInfo(hmp::PF_NV12))), framekit::Error);
}

TEST(BmfSdk, OpaqueDataInfoOwnsTheAttachmentAndMergeSharesIt) {
  bool alive = false;
  {
    auto* t = new Tracked(&alive);
    t->value = 42;
    auto vf0 = VideoFrame::make(4, 4, PixelInfo(hmp::PF_RGB24));
    vf0.private_attach(t);
    EXPECT_EQ(vf0.private_get<Tracked>(), t);
    auto vf1 = VideoFrame::make(4, 4, PixelInfo(hmp::PF_RGB24));
    vf1.private_attach(new Note{"dropped"});  // the default form takes ownership
    vf1.private_attach(static_cast<Note*>(nullptr));
    EXPECT_EQ(vf1.private_get<Note>(), nullptr);
    vf1.private_attach(new Note{"kept"});
    vf1.set_pts(7);
    vf1.private_merge(vf0);
    EXPECT_EQ(vf1.private_get<Tracked>(), t) << "shared, not copied";
    ASSERT_NE(vf1.private_get<Note>(), nullptr) << "attachments of other types stay";
    EXPECT_EQ(vf1.private_get<Note>()->text, "kept");
    EXPECT_EQ(vf1.pts(), 7) << "merge leaves timing alone";
    auto* replacement = new Tracked(nullptr);
    replacement->value = 100;
    vf1.private_attach(replacement);
    EXPECT_EQ(vf1.private_get<Tracked>()->value, 100);
    EXPECT_EQ(vf0.private_get<Tracked>()->value, 42);
    EXPECT_TRUE(alive);
  }
  EXPECT_FALSE(alive) << "released with the last frame that holds it";
}

TEST(BmfSdk, JsonParamParsesGetsAndIsCopiedWhenAttached) {
  JsonParam p;
  EXPECT_EQ(p.parse(R"({"v": 42, "name": "clip", "list": [1, 2, 3], "f": 0.5, "o": {"k": 1}})"), 0);
  EXPECT_EQ(p.get<int>("v"), 42);
  EXPECT_EQ(p.get<std::string>("name"), "clip");
  EXPECT_EQ(p.get<std::vector<int>>("list"), (std::vector<int>{1, 2, 3}));
  EXPECT_DOUBLE_EQ(p.get<double>("f"), 0.5);
  EXPECT_TRUE(p.has_key("o"));
  EXPECT_FALSE(p.has_key("missing"));
  EXPECT_EQ(p["o"].get<int>("k"), 1);
  int v = 0;
  EXPECT_EQ(p.get_int("v", v), 0);
  EXPECT_EQ(v, 42);
  EXPECT_THROW(p.get<int>("missing"), nlohmann::json::exception);
  EXPECT_THROW(JsonParam().parse("{not json"), nlohmann::json::parse_error);

  auto vf = VideoFrame::make(4, 4, PixelInfo(hmp::PF_RGB24));
  EXPECT_EQ(vf.private_get<JsonParam>(), nullptr);
  vf.private_attach(&p);
  const JsonParam* attached = vf.private_get<JsonParam>();
  ASSERT_NE(attached, nullptr);
  EXPECT_NE(attached, &p) << "BMF attaches a copy of a JsonParam";
  p.parse(R"({"v": 1})");
  EXPECT_EQ(attached->get<int>("v"), 42);
}

TEST(BmfSdk, CopyPropsCarriesTheStream) {
  auto a = VideoFrame::make(4, 4, PixelInfo(hmp::PF_RGB24));
  auto b = VideoFrame::make(4, 4, PixelInfo(hmp::PF_YUV420P));
  EXPECT_EQ(b.stream(), 0u);
  a.set_stream(42);
  a.set_time_base(Rational(1, 2));
  a.set_pts(100);
  b.copy_props(a);
  EXPECT_EQ(b.stream(), 42u);
  EXPECT_EQ(b.pts(), 100);
  EXPECT_EQ(b.time_base().num, 1);
  EXPECT_EQ(b.time_base().den, 2);
}

TEST(BmfSdk, StorageIsTheMemoryUnderEveryPlane) {
  const auto vf = VideoFrame::make(33, 17, PixelInfo(hmp::PF_YUV420P));
  const Tensor storage = vf.frame().storage();
  ASSERT_TRUE(storage.defined());
  EXPECT_EQ(storage.dim(), 1);
  EXPECT_EQ(storage.dtype(), kUInt8);
  const auto* begin = static_cast<const uint8_t*>(storage.unsafe_data());
  const auto* end = begin + storage.nbytes();
  for (int p = 0; p < vf.frame().nplanes(); ++p) {
    const Tensor& t = vf.frame().plane(p);
    const auto* first = static_cast<const uint8_t*>(t.unsafe_data());
    const auto* last = first + ((t.size(0) - 1) * t.stride(0) + (t.size(1) - 1) * t.stride(1) +
                                (t.size(2) - 1) * t.stride(2)) * int64_t(t.itemsize());
    EXPECT_GE(first, begin) << "plane " << p;
    EXPECT_LT(last, end) << "plane " << p;
  }
  // Planes from separate allocations have no common storage.
  const hmp::Frame separate({Tensor::zeros({4, 4, 1}), Tensor::zeros({2, 2, 1}),
                             Tensor::zeros({2, 2, 1})},
                            PixelInfo(hmp::PF_YUV420P));
  EXPECT_FALSE(separate.storage().defined());
  EXPECT_FALSE(hmp::Frame().storage().defined());
}

TEST(BmfSdk, BmfErrorThrowsARuntimeErrorWithTheCode) {
  int thrown_at = 0;
  try {
    thrown_at = __LINE__ + 1;
    BMF_Error_(3, "bad value %d", 7);
    FAIL() << "expected a throw";
  } catch (const Exception& e) {
    EXPECT_EQ(e.code, 3);
    EXPECT_EQ(e.err, "bad value 7");
    EXPECT_EQ(e.line, thrown_at);
    EXPECT_NE(std::string(e.what()).find("bad value 7"), std::string::npos);
  }
  EXPECT_THROW(BMF_Error(1, "x"), std::runtime_error);
  EXPECT_THROW(BMF_Error(1, "x"), framekit::Error);
}
