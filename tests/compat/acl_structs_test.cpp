// The SDK structs of the pyACL emulation, read from and written to values without an
// interpreter: every field, its default, and each way a caller can get one wrong (the
// exact message Python raises); the nodes written back and read again; the calls around
// the C ABI (get_stream, release_stream, wait_epoll) on a real channel.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "compat/acl_structs.h"
#include "testing/compat_test_util.h"
#include "compat/enum_field.h"
#include "framekit/compat/hi_dvpp.h"

namespace framekit {
namespace {

namespace acl = compat::acl;
using acl::FieldError;
using acl::Node;
using compat_test::u;

// A value as a dynamic language holds it: ints of any sign, text, floats, lists, dicts.
class V final : public acl::Value {
 public:
  enum class T { kInt, kUint, kStr, kFloat, kList, kMap };
  template <std::integral I>
  V(I x) {  // NOLINT(google-explicit-constructor)
    if constexpr (std::is_signed_v<I>) {
      t_ = T::kInt;
      i_ = x;
    } else {
      t_ = T::kUint;
      u_ = x;
    }
  }
  template <typename E>
  requires std::is_enum_v<E> V(E e)
      : V(static_cast<int64_t>(e)) {}       // NOLINT(google-explicit-constructor)
  V(const char* s) : t_(T::kStr), s_(s) {}  // NOLINT(google-explicit-constructor)
  V(double) : t_(T::kFloat) {}              // NOLINT(google-explicit-constructor)
  static V list(std::vector<V> items, size_t claimed_size = SIZE_MAX) {
    V v(0);
    v.t_ = T::kList;
    v.list_ = std::move(items);
    v.claimed_ = claimed_size;
    return v;
  }
  static V map(std::vector<std::pair<std::string, V>> fields) {
    V v(0);
    v.t_ = T::kMap;
    v.map_ = std::move(fields);
    return v;
  }
  static V from(const Node& n) {
    if (auto* i = std::get_if<int64_t>(&n.v)) return V(*i);
    if (auto* x = std::get_if<uint64_t>(&n.v)) return V(*x);
    if (auto* l = std::get_if<Node::List>(&n.v)) {
      std::vector<V> items;
      for (const Node& item : *l) items.push_back(from(item));
      return list(std::move(items));
    }
    std::vector<std::pair<std::string, V>> fields;
    for (const auto& [k, item] : std::get<Node::Map>(n.v)) fields.emplace_back(k, from(item));
    return map(std::move(fields));
  }
  // A copy with one more field, or one replaced.
  V with(const std::string& key, V value) const {
    V v = *this;
    for (auto& [k, x] : v.map_) {
      if (k == key) {
        x = std::move(value);
        return v;
      }
    }
    v.map_.emplace_back(key, std::move(value));
    return v;
  }

  std::string type_name() const override {
    switch (t_) {
      case T::kInt:
      case T::kUint:
        return "<class 'int'>";
      case T::kStr:
        return "<class 'str'>";
      case T::kFloat:
        return "<class 'float'>";
      case T::kList:
        return "<class 'list'>";
      default:
        return "<class 'dict'>";
    }
  }
  std::optional<int64_t> to_int64() const override {
    if (t_ == T::kInt) return i_;
    if (t_ == T::kUint && u_ <= uint64_t{INT64_MAX}) return static_cast<int64_t>(u_);
    return std::nullopt;
  }
  std::optional<uint64_t> to_uint64() const override {
    if (t_ == T::kUint) return u_;
    if (t_ == T::kInt && i_ >= 0) return static_cast<uint64_t>(i_);
    return std::nullopt;
  }
  bool is_map() const override { return t_ == T::kMap; }
  std::vector<std::string> keys() const override {
    std::vector<std::string> k;
    for (const auto& f : map_) k.push_back(f.first);
    return k;
  }
  std::unique_ptr<acl::Value> get(const std::string& key) const override {
    for (const auto& [k, x] : map_) {
      if (k == key) return std::make_unique<V>(x);
    }
    return nullptr;
  }
  bool is_list() const override { return t_ == T::kList; }
  size_t size() const override { return claimed_ != SIZE_MAX ? claimed_ : list_.size(); }
  std::vector<std::unique_ptr<acl::Value>> items(size_t limit) const override {
    std::vector<std::unique_ptr<acl::Value>> out;
    for (size_t i = 0; i < list_.size() && i < limit; ++i)
      out.push_back(std::make_unique<V>(list_[i]));
    return out;
  }
  uint64_t cast_unsigned(int bits) const override {
    const auto x = to_uint64();
    if (!x || (bits < 64 && *x >> bits)) throw std::invalid_argument("not an unsigned number");
    return *x;
  }

 private:
  T t_ = T::kInt;
  int64_t i_ = 0;
  uint64_t u_ = 0;
  std::string s_;
  std::vector<V> list_;
  std::vector<std::pair<std::string, V>> map_;
  size_t claimed_ = SIZE_MAX;
};

V list(std::initializer_list<V> items) {
  return V::list(items);
}

// Runs f, expecting a FieldError of `kind` with exactly `message`.
template <typename F>
void expect_error(F&& f, FieldError::Kind kind, const std::string& message) {
  try {
    f();
    ADD_FAILURE() << "no error; expected: " << message;
  } catch (const FieldError& e) {
    EXPECT_EQ(e.what(), message);
    EXPECT_EQ(e.kind(), kind) << message;
  }
}
constexpr auto kType = FieldError::Kind::kType;
constexpr auto kValue = FieldError::Kind::kValue;

V venc_attr() {
  return V::map(
      {{"type", HI_PT_JPEG}, {"max_pic_width", 64}, {"max_pic_height", 48}, {"buf_size", 1 << 20}});
}
V chn_attr(V venc = venc_attr()) {
  return V::map({{"venc_attr", std::move(venc)}});
}

TEST(AclStructs, ChannelAttributesAndTheirDefaults) {
  const hi_venc_chn_attr a = acl::read_chn_attr(chn_attr(venc_attr().with(
      "jpeg_attr", V::map({{"dcf_en", 1},
                           {"recv_mode", 1},
                           {"mpf_cfg", V::map({{"large_thumbnail_num", 2},
                                               {"large_thumbnail_size", list({1, 2})}})}}))));
  EXPECT_EQ(a.venc_attr.type, HI_PT_JPEG);
  EXPECT_EQ(a.venc_attr.max_pic_width, 64u);
  EXPECT_EQ(a.venc_attr.pic_width, 64u);  // defaults to the maximum
  EXPECT_EQ(a.venc_attr.pic_height, 48u);
  EXPECT_EQ(a.venc_attr.buf_size, 1u << 20);
  EXPECT_EQ(a.venc_attr.is_by_frame, HI_TRUE);  // default
  EXPECT_EQ(a.venc_attr.jpeg_attr.dcf_en, HI_TRUE);
  EXPECT_EQ(a.venc_attr.jpeg_attr.recv_mode, HI_VENC_PIC_RECV_MULTI);
  EXPECT_EQ(a.venc_attr.jpeg_attr.mpf_cfg.large_thumbnail_num, 2);
  // The union member may sit next to venc_attr too (the seed's sample does); rc and gop
  // are accepted as given.
  const hi_venc_chn_attr b = acl::read_chn_attr(chn_attr()
                                                    .with("jpeg_attr", V::map({{"recv_mode", 1}}))
                                                    .with("rc_attr", "anything")
                                                    .with("gop_attr", 3));
  EXPECT_EQ(b.venc_attr.jpeg_attr.recv_mode, HI_VENC_PIC_RECV_MULTI);
  EXPECT_EQ(acl::read_chn_attr(chn_attr(V::map({}))).venc_attr.type, HI_PT_JPEG);
  // An enum value the SDK does not name is stored as C would, for the C ABI to refuse.
  const hi_venc_chn_attr c = acl::read_chn_attr(chn_attr(venc_attr().with("type", 7)));
  EXPECT_EQ(compat::enum_value(c.venc_attr.type), 7);
}

TEST(AclStructs, ChannelAttributeErrorsNameTheField) {
  expect_error([] { acl::read_chn_attr(V(5)); }, kType,
               "hi_venc_chn_attr: expected a dict, got <class 'int'>");
  expect_error([] { acl::read_chn_attr(V::map({})); }, kValue,
               "hi_venc_chn_attr: 'venc_attr' is missing");
  expect_error([] { acl::read_chn_attr(chn_attr(list({}))); }, kType,
               "venc_attr: expected a dict, got <class 'list'>");
  expect_error([] { acl::read_chn_attr(chn_attr(venc_attr().with("max_pic_widht", 64))); }, kValue,
               "venc_attr: unknown key 'max_pic_widht' (expected one of: buf_size, "
               "is_by_frame, jpeg_attr, max_pic_height, max_pic_width, pic_height, "
               "pic_width, profile, type)");
  expect_error([] { acl::read_chn_attr(chn_attr().with("venc", 1)); }, kValue,
               "hi_venc_chn_attr: unknown key 'venc' (expected one of: gop_attr, jpeg_attr, "
               "rc_attr, venc_attr)");
  expect_error([] { acl::read_chn_attr(chn_attr(venc_attr().with("max_pic_width", "64"))); }, kType,
               "venc_attr['max_pic_width']: expected a number, got <class 'str'>");
  expect_error([] { acl::read_chn_attr(chn_attr(venc_attr().with("max_pic_width", 1.5))); }, kType,
               "venc_attr['max_pic_width']: expected a number, got <class 'float'>");
  // An unsigned 32-bit field takes neither a negative number nor a 33-bit one.
  expect_error([] { acl::read_chn_attr(chn_attr(venc_attr().with("buf_size", -1))); }, kType,
               "venc_attr['buf_size']: expected a number, got <class 'int'>");
  expect_error([] { acl::read_chn_attr(chn_attr(venc_attr().with("buf_size", int64_t{1} << 32))); },
               kType, "venc_attr['buf_size']: expected a number, got <class 'int'>");
  expect_error(
      [] { acl::read_chn_attr(chn_attr(venc_attr().with("is_by_frame", int64_t{1} << 31))); },
      kType, "venc_attr['is_by_frame']: expected a number, got <class 'int'>");
  expect_error([] { acl::read_chn_attr(chn_attr(venc_attr().with("type", int64_t{1} << 40))); },
               kValue, "venc_attr['type']: 1099511627776 does not fit the enum field");
  // The seed's typo: a trailing space in a key.
  expect_error(
      [] {
        acl::read_chn_attr(chn_attr().with(
            "jpeg_attr", V::map({{"mpf_cfg", V::map({{"large_thumbnail_num ", 0}})}})));
      },
      kValue,
      "jpeg_attr['mpf_cfg']: unknown key 'large_thumbnail_num ' (expected one of: "
      "large_thumbnail_num, large_thumbnail_size)");
  expect_error([] { acl::read_chn_attr(chn_attr().with("jpeg_attr", 0)); }, kType,
               "jpeg_attr: expected a dict, got <class 'int'>");
}

V v_frame() {
  return V::map({{"width", 16},
                 {"height", 8},
                 {"pixel_format", HI_PIXEL_FORMAT_YUV_400},
                 {"width_stride", list({16})}});
}
V frame(V vf = v_frame()) {
  return V::map({{"v_frame", std::move(vf)}});
}

TEST(AclStructs, FrameFieldsArraysAndAddresses) {
  const uint64_t big = uint64_t{1} << 63;
  const hi_video_frame_info f =
      acl::read_frame(frame(v_frame()
                                .with("virt_addr", list({V(big), V(4096)}))
                                .with("phys_addr", list({V(~uint64_t{0})}))
                                .with("height_stride", list({8, 0, 0}))
                                .with("pts", V(~uint64_t{0}))
                                .with("user_data", list({1, 2}))
                                .with("supplement", "ignored"))
                          .with("pool_id", 3));
  EXPECT_EQ(f.pool_id, 3u);
  EXPECT_EQ(f.mod_id, HI_ID_VENC);                   // default
  EXPECT_EQ(f.v_frame.field, HI_VIDEO_FIELD_FRAME);  // default
  EXPECT_EQ(f.v_frame.video_format, HI_VIDEO_FORMAT_LINEAR);
  EXPECT_EQ(f.v_frame.width, 16u);
  EXPECT_EQ(f.v_frame.width_stride[0], 16u);
  EXPECT_EQ(f.v_frame.width_stride[1], 0u);  // missing entries stay zero
  EXPECT_EQ(f.v_frame.height_stride[0], 8u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(f.v_frame.virt_addr[0]), big);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(f.v_frame.virt_addr[1]), 4096u);
  EXPECT_EQ(f.v_frame.virt_addr[2], nullptr);
  EXPECT_EQ(f.v_frame.phys_addr[0], ~hi_u64{0});
  EXPECT_EQ(f.v_frame.pts, ~hi_u64{0});
  EXPECT_EQ(f.v_frame.user_data[1], 2u);
}

TEST(AclStructs, FrameErrorsNameTheField) {
  expect_error(
      [] {
        acl::read_frame(V::map({{"pool_id", 0}}));
      },
      kValue, "hi_video_frame_info: 'v_frame' is missing");
  expect_error(
      [] {
        acl::read_frame(frame(v_frame().with("width_stride", list({1, 2, 3, 4}))));
      },
      kType, "v_frame['width_stride']: expected a list of at most 3 numbers");
  expect_error([] { acl::read_frame(frame(v_frame().with("width_stride", 16))); }, kType,
               "v_frame['width_stride']: expected a list of at most 3 numbers");
  expect_error(
      [] {
        acl::read_frame(frame(v_frame().with("virt_addr", list({0, "x"}))));
      },
      kType, "v_frame['virt_addr'][1]: expected a non-negative number");
  expect_error([] { acl::read_frame(frame(v_frame().with("virt_addr", list({-1})))); }, kType,
               "v_frame['virt_addr'][0]: expected a non-negative number");
  // A stride the field cannot hold is refused, not cut to its low bits.
  expect_error(
      [] { acl::read_frame(frame(v_frame().with("width_stride", list({V(uint64_t{1} << 32)})))); },
      kValue, "v_frame['width_stride'][0]: 4294967296 does not fit the field (at most 4294967295)");
  expect_error([] { acl::read_frame(frame(v_frame().with("pixel_format", "nv12"))); }, kType,
               "v_frame['pixel_format']: expected a number, got <class 'str'>");
  expect_error([] { acl::read_frame(frame(v_frame().with("colour_gamut", 0))); }, kValue,
               "v_frame: unknown key 'colour_gamut' (expected one of: color_gamut, "
               "compress_mode, dynamic_range, field, frame_flag, header_phys_addr, "
               "header_stride, header_virt_addr, height, height_stride, phys_addr, "
               "pixel_format, pts, supplement, time_ref, user_data, video_format, "
               "virt_addr, width, width_stride)");
}

TEST(AclStructs, ASequenceLongerThanItSaidDoesNotOverflowTheField) {
  // Its size says 3, its items run on: a reader that trusted the size would write a
  // fourth stride past the array.
  const V lying = V::list({1, 2, 3, 4, 5}, 3);
  expect_error([&] { acl::read_frame(frame(v_frame().with("width_stride", lying))); }, kType,
               "v_frame['width_stride']: expected a list of at most 3 numbers");
  const V tables = V::list({V::map({}), V::map({}), V::map({}), V::map({})}, 3);
  expect_error(
      [&] {
        acl::read_huffman(V::map({{"dc_tables", tables}}));
      },
      kType, "hi_venc_jpeg_huffman_param['dc_tables']: expected a list of 3 dicts (Y, Cb, Cr)");
}

TEST(AclStructs, JpegParamRoundTripsThroughItsNode) {
  hi_venc_jpeg_param p = acl::read_jpeg_param(V::map({}));
  EXPECT_EQ(p.qfactor, 100u);  // default
  EXPECT_EQ(p.y_qt[0], 0u);
  std::vector<V> qt;
  for (int i = 0; i < 64; ++i) qt.emplace_back(i + 1);
  p = acl::read_jpeg_param(V::map({{"qfactor", 77},
                                   {"y_qt", V::list(qt)},
                                   {"cr_qt", list({9})},
                                   {"mcu_per_ecs", 5},
                                   {"ecs_output_en", 1}}));
  EXPECT_EQ(p.qfactor, 77u);
  EXPECT_EQ(p.y_qt[63], 64u);
  EXPECT_EQ(p.cr_qt[0], 9u);
  EXPECT_EQ(p.ecs_output_en, HI_TRUE);
  const Node n = acl::jpeg_param_node(p);
  const hi_venc_jpeg_param q = acl::read_jpeg_param(V::from(n));
  EXPECT_EQ(std::memcmp(&p, &q, sizeof p), 0);
  ASSERT_NE(n.find("y_qt"), nullptr);
  EXPECT_EQ(std::get<Node::List>(n.find("y_qt")->v).size(), 64u);
  expect_error(
      [] {
        acl::read_jpeg_param(V::map({{"y_qt", list({256})}}));
      },
      kValue, "hi_venc_jpeg_param['y_qt'][0]: 256 does not fit the field (at most 255)");
  expect_error(
      [] {
        acl::read_jpeg_param(V::map({{"quality", 5}}));
      },
      kValue,
      "hi_venc_jpeg_param: unknown key 'quality' (expected one of: cb_qt, cr_qt, "
      "ecs_output_en, mcu_per_ecs, qfactor, y_qt)");
}

TEST(AclStructs, HuffmanTablesRoundTripAndTheirErrors) {
  std::vector<V> dc, ac;
  for (int i = 0; i < 3; ++i) {
    dc.push_back(V::map({{"dc_bits", list({0, 1, 5})}, {"dc_value", list({i, 1, 2})}}));
    ac.push_back(V::map({{"ac_bits", list({0, 2})}, {"ac_value", list({1, 2, i + 3})}}));
  }
  const hi_venc_jpeg_huffman_param h = acl::read_huffman(
      V::map({{"dc_tables", V::list(dc)}, {"ac_tables", V::list(ac)}, {"reserved", 0}}));
  EXPECT_EQ(h.dc_tables[2].dc_value[0], 2);
  EXPECT_EQ(h.ac_tables[1].ac_value[2], 4);
  const hi_venc_jpeg_huffman_param again = acl::read_huffman(V::from(acl::huffman_node(h)));
  EXPECT_EQ(std::memcmp(&h, &again, sizeof h), 0);
  expect_error(
      [] {
        acl::read_huffman(V::map({{"ac_tables", list({V::map({})})}}));
      },
      kType, "hi_venc_jpeg_huffman_param['ac_tables']: expected a list of 3 dicts (Y, Cb, Cr)");
  expect_error(
      [] {
        acl::read_huffman(V::map({{"dc_tables", list({V::map({}), 0, V::map({})})}}));
      },
      kType, "dc_tables[1]: expected a dict, got <class 'int'>");
  expect_error(
      [] {
        acl::read_huffman(V::map(
            {{"dc_tables", list({V::map({}), V::map({}), V::map({{"ac_bits", list({})}})})}}));
      },
      kValue, "dc_tables[2]: unknown key 'ac_bits' (expected one of: dc_bits, dc_value)");
}

TEST(AclStructs, SmallStructs) {
  EXPECT_EQ(acl::read_start_param(V::map({})).recv_pic_num, -1);
  EXPECT_EQ(acl::read_start_param(V::map({{"recv_pic_num", 5}})).recv_pic_num, 5);
  expect_error(
      [] {
        acl::read_start_param(V::map({{"recv_pic_num", int64_t{1} << 31}}));
      },
      kType, "hi_venc_start_param['recv_pic_num']: expected a number, got <class 'int'>");
  const hi_dvpp_epoll_event ev = acl::read_epoll_event(V::map({{"events", 1}, {"data", -2}}));
  EXPECT_EQ(ev.events, 1u);
  EXPECT_EQ(reinterpret_cast<intptr_t>(ev.data), -2);  // pyACL's data is any int, kept as bits
  expect_error(
      [] {
        acl::read_epoll_event(V::map({{"event", 1}}));
      },
      kValue, "hi_dvpp_epoll_event: unknown key 'event' (expected one of: data, events)");
  const hi_img_stream s = acl::read_img_stream(V::map({{"addr", 4096}, {"len", 100}, {"pts", 7}}));
  EXPECT_EQ(s.type, HI_PT_JPEG);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(s.addr), 4096u);
  EXPECT_EQ(s.len, 100u);
  EXPECT_EQ(s.pts, 7u);
  expect_error(
      [] {
        acl::read_img_stream(V::map({{"addr", -4096}}));
      },
      kType, "hi_img_stream['addr']: expected a number, got <class 'int'>");
  EXPECT_EQ(acl::read_stream_request(V::map({{"pack_cnt", 2}, {"pack", "x"}, {"seq", 0}})), 2u);
  expect_error([] { acl::read_stream_request(list({})); }, kType,
               "hi_venc_stream: expected a dict, got <class 'list'>");
  // release_stream takes the first pack's buffer as it comes: anything else there is
  // ignored, but a first pack whose addr is no number is the language's own error.
  const acl::StreamRelease r = acl::read_stream_release(
      V::map({{"pack_cnt", 1},
              {"seq", 4},
              {"pack", list({V::map({{"addr", 4096}, {"len", 9}, {"x", 0}}), 0})}}));
  EXPECT_EQ(r.pack_cnt, 1u);
  EXPECT_EQ(r.seq, 4u);
  EXPECT_EQ(r.addr, 4096u);
  EXPECT_EQ(r.len, 9u);
  EXPECT_EQ(acl::read_stream_release(V::map({{"pack", "abc"}})).addr, 0u);
  EXPECT_EQ(acl::read_stream_release(V::map({{"pack", list({1})}})).addr, 0u);
  EXPECT_THROW(acl::read_stream_release(V::map({{"pack", list({V::map({{"addr", "x"}})})}})),
               std::invalid_argument);
  EXPECT_THROW(
      acl::read_stream_release(V::map({{"pack", list({V::map({{"len", int64_t{1} << 32}})})}})),
      std::invalid_argument);
  expect_error(
      [] {
        acl::read_stream_release(V::map({{"packs", 0}}));
      },
      kValue,
      "hi_venc_stream: unknown key 'packs' (expected one of: jpeg_info, pack, "
      "pack_cnt, seq)");
}

TEST(AclStructs, ChannelAttrNodeKeepsTheSdkFieldOrder) {
  const hi_venc_chn_attr a = acl::read_chn_attr(chn_attr(venc_attr().with("profile", 2)));
  const Node n = acl::chn_attr_node(a);
  std::vector<std::string> keys;
  for (const auto& [k, v] : std::get<Node::Map>(n.find("venc_attr")->v)) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"type", "profile", "max_pic_width", "max_pic_height",
                                            "pic_width", "pic_height", "buf_size", "is_by_frame"}));
  const hi_venc_chn_attr b = acl::read_chn_attr(V::from(n));
  EXPECT_EQ(b.venc_attr.profile, 2u);
  EXPECT_EQ(b.venc_attr.pic_height, 48u);
  EXPECT_EQ(b.venc_attr.is_by_frame, HI_TRUE);
}

// A channel driven the way framekit.acl drives it: every struct goes through a value.
class AclStructsFlow : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(hi_mpi_sys_init(), HI_SUCCESS); }
  void TearDown() override { EXPECT_EQ(hi_mpi_sys_exit(), HI_SUCCESS); }
};

TEST_F(AclStructsFlow, SendGetReleaseThroughValues) {
  const hi_venc_chn_attr a = acl::read_chn_attr(chn_attr());
  ASSERT_EQ(hi_mpi_venc_create_chn(3, &a), HI_SUCCESS);
  const hi_venc_start_param sp = acl::read_start_param(V::map({}));
  ASSERT_EQ(hi_mpi_venc_start_chn(3, &sp), HI_SUCCESS);
  std::vector<uint8_t> gray(16 * 8, 128);
  const hi_video_frame_info f = acl::read_frame(
      frame(v_frame()
                .with("virt_addr", list({V(reinterpret_cast<uintptr_t>(gray.data()))}))
                .with("pts", 42)));
  ASSERT_EQ(hi_mpi_venc_send_frame(3, &f, -1), HI_SUCCESS) << fk_jpege_last_error();
  const acl::StreamResult r =
      acl::get_stream(3, acl::read_stream_request(V::map({{"pack_cnt", 1}})), 10000);
  ASSERT_EQ(r.ret, HI_SUCCESS) << fk_jpege_last_error();
  ASSERT_TRUE(r.stream);
  const auto& packs = std::get<Node::List>(r.stream->find("pack")->v);
  ASSERT_EQ(packs.size(), 1u);
  const uint64_t addr = std::get<uint64_t>(packs[0].find("addr")->v);
  const uint64_t len = std::get<uint64_t>(packs[0].find("len")->v);
  ASSERT_GT(len, 2u);
  const auto* jpeg = reinterpret_cast<const uint8_t*>(static_cast<uintptr_t>(addr));
  EXPECT_EQ(jpeg[0], 0xFF);
  EXPECT_EQ(jpeg[1], 0xD8);  // SOI
  EXPECT_EQ(std::get<uint64_t>(packs[0].find("pts")->v), 42u);
  EXPECT_EQ(std::get<uint64_t>(r.stream->find("pack_cnt")->v), 1u);
  // The returned stream, handed back as it came, releases it.
  EXPECT_EQ(acl::release_stream(3, acl::read_stream_release(V::from(*r.stream))), HI_SUCCESS);
  EXPECT_EQ(u(acl::release_stream(3, acl::read_stream_release(V::from(*r.stream)))),
            HI_ERR_VENC_ILLEGAL_PARAM)
      << "released twice";
  // Nothing more to get: a timeout, and no stream.
  const acl::StreamResult none = acl::get_stream(3, 1, 0);
  EXPECT_EQ(u(none.ret), HI_ERR_VENC_BUF_EMPTY);
  EXPECT_FALSE(none.stream);
  EXPECT_EQ(u(acl::get_stream(99, 1, 0).ret), HI_ERR_VENC_UNEXIST);
  EXPECT_EQ(hi_mpi_venc_stop_chn(3), HI_SUCCESS);
  EXPECT_EQ(hi_mpi_venc_destroy_chn(3), HI_SUCCESS);
}

TEST_F(AclStructsFlow, APictureThatDidNotFitReportsItsSizeInPackZero) {
  const hi_venc_chn_attr a = acl::read_chn_attr(chn_attr(venc_attr().with("buf_size", 0)));
  ASSERT_EQ(hi_mpi_venc_create_chn(4, &a), HI_SUCCESS);
  const hi_venc_start_param sp{-1};
  ASSERT_EQ(hi_mpi_venc_start_chn(4, &sp), HI_SUCCESS);
  std::vector<uint8_t> gray(16 * 8, 200);
  const hi_video_frame_info f = acl::read_frame(
      frame(v_frame().with("virt_addr", list({V(reinterpret_cast<uintptr_t>(gray.data()))}))));
  void* out = nullptr;
  ASSERT_EQ(hi_mpi_dvpp_malloc(0, &out, 64), HI_SUCCESS);
  const hi_img_stream img =
      acl::read_img_stream(V::map({{"addr", V(reinterpret_cast<uintptr_t>(out))}, {"len", 64}}));
  ASSERT_EQ(hi_mpi_venc_send_jpege_frame(4, &f, &img, -1), HI_SUCCESS);
  // Many packs asked for: the call still gives at most what it has.
  const acl::StreamResult r = acl::get_stream(4, 1000, 10000);
  EXPECT_EQ(u(r.ret), HI_ERR_VENC_SIZE_NOT_ENOUGH);
  ASSERT_TRUE(r.stream);
  const auto& packs = std::get<Node::List>(r.stream->find("pack")->v);
  ASSERT_EQ(packs.size(), 1u);
  EXPECT_GT(std::get<uint64_t>(packs[0].find("len")->v), 64u);  // what it needs
  EXPECT_EQ(std::get<uint64_t>(packs[0].find("input_addr")->v),
            reinterpret_cast<uintptr_t>(gray.data()));
  EXPECT_EQ(hi_mpi_dvpp_free(out), HI_SUCCESS);
  EXPECT_EQ(hi_mpi_venc_stop_chn(4), HI_SUCCESS);
  EXPECT_EQ(hi_mpi_venc_destroy_chn(4), HI_SUCCESS);
}

TEST(AclStructsEpoll, WaitEpollGivesEventsAsNodes) {
  hi_s32 ep = -1;
  ASSERT_EQ(hi_mpi_sys_create_epoll(4, &ep), HI_SUCCESS);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const hi_dvpp_epoll_event ev =
      acl::read_epoll_event(V::map({{"events", HI_DVPP_EPOLL_IN}, {"data", -7}}));
  hi_dvpp_epoll_event in = ev;
  ASSERT_EQ(hi_mpi_sys_ctl_epoll(ep, HI_DVPP_EPOLL_CTL_ADD, fds[0], &in), HI_SUCCESS);
  acl::EpollWait w = acl::wait_epoll(ep, 4, 0);
  EXPECT_EQ(w.ret, HI_SUCCESS);
  EXPECT_EQ(w.count, 0);
  EXPECT_TRUE(std::get<Node::List>(w.events.v).empty());
  ASSERT_EQ(::write(fds[1], "x", 1), 1);
  w = acl::wait_epoll(ep, 4, 1000);
  ASSERT_EQ(w.ret, HI_SUCCESS);
  ASSERT_EQ(w.count, 1);
  const auto& events = std::get<Node::List>(w.events.v);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(events[0].find("data")->v), -7);
  EXPECT_NE(std::get<uint64_t>(events[0].find("events")->v) & HI_DVPP_EPOLL_IN, 0u);
  // Refused counts come back as the C ABI's code with no events, whatever was asked.
  for (hi_s32 max : {0, -1, 1025, 1 << 30}) {
    w = acl::wait_epoll(ep, max, 0);
    EXPECT_EQ(u(w.ret), HI_ERR_SYS_ILLEGAL_PARAM) << max;
    EXPECT_TRUE(std::get<Node::List>(w.events.v).empty()) << max;
  }
  EXPECT_EQ(u(acl::wait_epoll(ep + 1000, 4, 0).ret), HI_ERR_SYS_ILLEGAL_PARAM);
  EXPECT_EQ(hi_mpi_sys_close_epoll(ep), HI_SUCCESS);
  ::close(fds[0]);
  ::close(fds[1]);
}

}  // namespace
}  // namespace framekit
