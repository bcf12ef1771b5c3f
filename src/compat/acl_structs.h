// The SDK structs of framekit's pyACL emulation (framekit.acl): pyACL passes them as
// nested dicts with the SDK's field names. Reading one checks every field (a typo or a
// value of the wrong kind raises, naming the field, instead of passing silently); writing
// one gives the fields in the SDK's order. The caller's language is behind `Value`
// (python/src/bind_jpege_acl.cpp adapts Python objects; tests/compat builds its own), so
// the rules live here once and are tested without an interpreter.
#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "framekit/compat/hi_dvpp.h"

namespace framekit::compat::acl {

// A struct the caller got wrong. kType: a value of the wrong kind (Python's TypeError);
// kValue: a wrong value, an unknown or missing key (ValueError).
class FieldError : public std::runtime_error {
 public:
  enum class Kind { kType, kValue };
  FieldError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

// One value as the caller's language holds it.
class Value {
 public:
  virtual ~Value() = default;
  // The value's type as messages show it (Python: "<class 'str'>").
  virtual std::string type_name() const = 0;
  // The value as an integer of that range; nullopt when it is not an integer or does not fit.
  virtual std::optional<int64_t> to_int64() const = 0;
  virtual std::optional<uint64_t> to_uint64() const = 0;
  // A map with text keys (Python: a dict).
  virtual bool is_map() const = 0;
  virtual std::vector<std::string> keys() const = 0;                     // in order
  virtual std::unique_ptr<Value> get(const std::string& key) const = 0;  // nullptr: absent
  // A sequence (Python: any sequence).
  virtual bool is_list() const = 0;
  virtual size_t size() const = 0;
  // At most `limit` items, in order (a sequence may yield more than its size said).
  virtual std::vector<std::unique_ptr<Value>> items(size_t limit) const = 0;
  // The value as an unsigned integer of `bits` bits, or the language's own conversion
  // error (for the fields pyACL reads without checking them).
  virtual uint64_t cast_unsigned(int bits) const = 0;
};

// A struct written back: integers, lists and maps that keep their fields' order.
struct Node {
  using List = std::vector<Node>;
  using Map = std::vector<std::pair<std::string, Node>>;
  std::variant<int64_t, uint64_t, List, Map> v;

  template <std::integral T>
  Node(T x) {  // NOLINT(google-explicit-constructor)
    if constexpr (std::is_signed_v<T>) {
      v = static_cast<int64_t>(x);
    } else {
      v = static_cast<uint64_t>(x);
    }
  }
  Node(List x) : v(std::move(x)) {}  // NOLINT(google-explicit-constructor)
  Node(Map x) : v(std::move(x)) {}   // NOLINT(google-explicit-constructor)
  // The field `key` of a map (nullptr if absent or not a map), for tests and callers.
  const Node* find(const std::string& key) const;
};

// --- value → struct (throw FieldError naming the field) ----------------------------------
hi_venc_chn_attr read_chn_attr(const Value& v);
hi_video_frame_info read_frame(const Value& v);
hi_venc_jpeg_param read_jpeg_param(const Value& v);
hi_venc_jpeg_huffman_param read_huffman(const Value& v);
hi_venc_start_param read_start_param(const Value& v);
hi_dvpp_epoll_event read_epoll_event(const Value& v);
hi_img_stream read_img_stream(const Value& v);
// venc_get_stream's dict: the number of packs asked for (its other fields are outputs).
hi_u32 read_stream_request(const Value& v);

// venc_release_stream's dict: what the C ABI reads of it.
struct StreamRelease {
  hi_u32 pack_cnt = 0;
  hi_u32 seq = 0;
  uint64_t addr = 0;  // of the first pack
  hi_u32 len = 0;
};
StreamRelease read_stream_release(const Value& v);

// --- struct → node -----------------------------------------------------------------------
Node chn_attr_node(const hi_venc_chn_attr& a);
Node jpeg_param_node(const hi_venc_jpeg_param& p);
Node huffman_node(const hi_venc_jpeg_huffman_param& h);
Node chn_status_node(const hi_venc_chn_status& s);
Node stream_node(const hi_venc_stream& s, hi_u32 packs);

// --- calls around the C ABI (no Value: callers may let other threads run meanwhile) ------
struct StreamResult {
  std::optional<Node> stream;  // on success, and when the picture did not fit (pack[0]
                               // then holds its input and the size it needed)
  hi_s32 ret = HI_SUCCESS;
};
StreamResult get_stream(hi_s32 chn, hi_u32 packs, hi_s32 milli_sec);
hi_s32 release_stream(hi_s32 chn, const StreamRelease& r);

struct EpollWait {
  Node events = Node::List{};  // a list of {events, data}
  hi_s32 count = 0;
  hi_s32 ret = HI_SUCCESS;
};
EpollWait wait_epoll(hi_s32 epfd, hi_s32 max_events, hi_s32 timeout);

}  // namespace framekit::compat::acl
