#include "compat/acl_structs.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>

#include "compat/enum_field.h"

namespace framekit::compat::acl {
namespace {

using Kind = FieldError::Kind;

void* to_ptr(uint64_t v) {
  return reinterpret_cast<void*>(static_cast<uintptr_t>(v));
}
uint64_t from_ptr(const void* p) {
  return reinterpret_cast<uintptr_t>(p);
}

// Reads a map field by field and rejects keys it was not asked about.
class Reader {
 public:
  Reader(const Value& v, std::string what) : v_(v), what_(std::move(what)) {
    if (!v.is_map())
      throw FieldError(Kind::kType, what_ + ": expected a dict, got " + v.type_name());
  }
  // Rejects keys that were not read (call after reading everything).
  void finish() const {
    for (const std::string& key : v_.keys()) {
      if (used_.count(key) == 0) {
        throw FieldError(Kind::kValue,
                         what_ + ": unknown key '" + key + "' (expected one of: " + known() + ")");
      }
    }
  }
  // The field, marked as known (nullptr when absent).
  std::unique_ptr<Value> sub(const char* key) {
    used_.insert(key);
    return v_.get(key);
  }
  template <typename T>
  T get(const char* key, T fallback) {
    const std::unique_ptr<Value> x = sub(key);
    if (!x) return fallback;
    using L = std::numeric_limits<T>;
    if constexpr (std::is_signed_v<T>) {
      const std::optional<int64_t> i = x->to_int64();
      if (i && *i >= L::min() && *i <= L::max()) return static_cast<T>(*i);
    } else {
      const std::optional<uint64_t> u = x->to_uint64();
      if (u && *u <= L::max()) return static_cast<T>(*u);
    }
    throw FieldError(Kind::kType, field(key) + ": expected a number, got " + x->type_name());
  }
  // An enum field of the C struct: any integer the field's type holds, stored as C would
  // (an unknown value is the C ABI's to refuse, with the SDK's error code).
  template <typename E>
  void get_enum(const char* key, E& out, int64_t fallback) {
    const int64_t value = get<int64_t>(key, fallback);
    if (!set_enum(out, value)) {
      throw FieldError(Kind::kValue,
                       field(key) + ": " + std::to_string(value) + " does not fit the enum field");
    }
  }
  // A list of up to N numbers (missing entries stay as they are).
  template <typename T, size_t N>
  void get_array(const char* key, T (&out)[N]) {
    const std::unique_ptr<Value> list = sub(key);
    if (!list) return;
    const std::string not_list =
        field(key) + ": expected a list of at most " + std::to_string(N) + " numbers";
    if (!list->is_list() || list->size() > N) throw FieldError(Kind::kType, not_list);
    // A sequence that yields more items than it said must not write past the field.
    const auto items = list->items(N + 1);
    if (items.size() > N) throw FieldError(Kind::kType, not_list);
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string where = field(key) + "[" + std::to_string(i) + "]";
      const std::optional<uint64_t> value = items[i]->to_uint64();
      if (!value) throw FieldError(Kind::kType, where + ": expected a non-negative number");
      // A value the field cannot hold must not be cut to its low bits (a huge stride
      // would become a small one).
      if (*value > std::numeric_limits<T>::max()) {
        throw FieldError(Kind::kValue, where + ": " + std::to_string(*value) +
                                           " does not fit the field (at most " +
                                           std::to_string(std::numeric_limits<T>::max()) + ")");
      }
      out[i] = static_cast<T>(*value);
    }
  }

 private:
  std::string field(const char* key) const { return what_ + "['" + key + "']"; }
  std::string known() const {
    std::string s;
    for (const auto& k : used_) s += (s.empty() ? "" : ", ") + k;
    return s;
  }
  const Value& v_;
  std::string what_;
  std::set<std::string> used_;
};

hi_bool to_bool(int v) {
  return v ? HI_TRUE : HI_FALSE;
}

void read_jpeg_attr(const Value& v, hi_venc_jpeg_attr& j) {
  Reader d(v, "jpeg_attr");
  j.dcf_en = to_bool(d.get<int>("dcf_en", 0));
  d.get_enum("recv_mode", j.recv_mode, 0);
  if (const auto mpf = d.sub("mpf_cfg")) {
    Reader m(*mpf, "jpeg_attr['mpf_cfg']");
    j.mpf_cfg.large_thumbnail_num = static_cast<hi_u8>(m.get<int>("large_thumbnail_num", 0));
    m.sub("large_thumbnail_size");  // accepted, unused (no thumbnails)
    m.finish();
  }
  d.finish();
}

template <typename T, size_t N>
Node list_node(const T (&a)[N]) {
  Node::List l;
  for (const T& x : a) l.emplace_back(x);
  return l;
}

template <typename T>
T zeroed() {
  T t;
  std::memset(&t, 0, sizeof t);
  return t;
}

}  // namespace

const Node* Node::find(const std::string& key) const {
  const Map* m = std::get_if<Map>(&v);
  if (!m) return nullptr;
  for (const auto& [k, node] : *m) {
    if (k == key) return &node;
  }
  return nullptr;
}

// --- value → struct ------------------------------------------------------------------------

hi_venc_chn_attr read_chn_attr(const Value& v) {
  auto a = zeroed<hi_venc_chn_attr>();
  Reader d(v, "hi_venc_chn_attr");
  const auto venc = d.sub("venc_attr");
  if (!venc) throw FieldError(Kind::kValue, "hi_venc_chn_attr: 'venc_attr' is missing");
  {
    Reader r(*venc, "venc_attr");
    hi_venc_attr& va = a.venc_attr;
    r.get_enum("type", va.type, HI_PT_JPEG);
    va.profile = r.get<hi_u32>("profile", 0);
    va.max_pic_width = r.get<hi_u32>("max_pic_width", 0);
    va.max_pic_height = r.get<hi_u32>("max_pic_height", 0);
    va.pic_width = r.get<hi_u32>("pic_width", va.max_pic_width);
    va.pic_height = r.get<hi_u32>("pic_height", va.max_pic_height);
    va.buf_size = r.get<hi_u32>("buf_size", 0);
    va.is_by_frame = to_bool(r.get<int>("is_by_frame", 1));
    if (const auto j = r.sub("jpeg_attr")) read_jpeg_attr(*j, va.jpeg_attr);
    r.finish();
  }
  // pyACL also accepts the union member next to venc_attr (the seed writes it there).
  if (const auto j = d.sub("jpeg_attr")) read_jpeg_attr(*j, a.venc_attr.jpeg_attr);
  d.sub("rc_attr");  // rate control and GOP do not apply to JPEG; accepted as given
  d.sub("gop_attr");
  d.finish();
  return a;
}

hi_video_frame_info read_frame(const Value& v) {
  auto f = zeroed<hi_video_frame_info>();
  Reader d(v, "hi_video_frame_info");
  f.pool_id = d.get<hi_u32>("pool_id", 0);
  d.get_enum("mod_id", f.mod_id, HI_ID_VENC);
  const auto vf = d.sub("v_frame");
  if (!vf) throw FieldError(Kind::kValue, "hi_video_frame_info: 'v_frame' is missing");
  Reader r(*vf, "v_frame");
  hi_video_frame& x = f.v_frame;
  x.width = r.get<hi_u32>("width", 0);
  x.height = r.get<hi_u32>("height", 0);
  r.get_enum("field", x.field, HI_VIDEO_FIELD_FRAME);
  r.get_enum("pixel_format", x.pixel_format, 0);
  r.get_enum("video_format", x.video_format, 0);
  r.get_enum("compress_mode", x.compress_mode, 0);
  r.get_enum("dynamic_range", x.dynamic_range, 0);
  r.get_enum("color_gamut", x.color_gamut, 0);
  r.get_array("header_stride", x.header_stride);
  r.get_array("width_stride", x.width_stride);
  r.get_array("height_stride", x.height_stride);
  r.get_array("header_phys_addr", x.header_phys_addr);
  r.get_array("phys_addr", x.phys_addr);
  uint64_t header_virt[3] = {0, 0, 0}, virt[3] = {0, 0, 0};
  r.get_array("header_virt_addr", header_virt);
  r.get_array("virt_addr", virt);
  for (int i = 0; i < 3; ++i) {
    x.header_virt_addr[i] = to_ptr(header_virt[i]);
    x.virt_addr[i] = to_ptr(virt[i]);
  }
  x.time_ref = r.get<hi_u32>("time_ref", 0);
  x.pts = r.get<uint64_t>("pts", 0);
  r.get_array("user_data", x.user_data);
  x.frame_flag = r.get<hi_u32>("frame_flag", 0);
  r.sub("supplement");  // not read by JPEGE
  r.finish();
  d.finish();
  return f;
}

hi_venc_jpeg_param read_jpeg_param(const Value& v) {
  auto p = zeroed<hi_venc_jpeg_param>();
  Reader d(v, "hi_venc_jpeg_param");
  p.qfactor = static_cast<hi_u32>(d.get<int64_t>("qfactor", 100));
  d.get_array("y_qt", p.y_qt);
  d.get_array("cb_qt", p.cb_qt);
  d.get_array("cr_qt", p.cr_qt);
  p.mcu_per_ecs = d.get<hi_u32>("mcu_per_ecs", 0);
  p.ecs_output_en = to_bool(d.get<int>("ecs_output_en", 0));
  d.finish();
  return p;
}

hi_venc_jpeg_huffman_param read_huffman(const Value& v) {
  auto h = zeroed<hi_venc_jpeg_huffman_param>();
  Reader d(v, "hi_venc_jpeg_huffman_param");
  auto tables = [&](const char* key, auto&& each) {
    const auto list = d.sub(key);
    if (!list) return;
    const std::string wrong = std::string("hi_venc_jpeg_huffman_param['") + key +
                              "']: expected a list of 3 dicts (Y, Cb, Cr)";
    if (!list->is_list() || list->size() != 3) throw FieldError(Kind::kType, wrong);
    const auto items = list->items(4);
    if (items.size() != 3) throw FieldError(Kind::kType, wrong);
    for (size_t i = 0; i < 3; ++i) each(*items[i], i);
  };
  tables("dc_tables", [&](const Value& t, size_t i) {
    Reader r(t, "dc_tables[" + std::to_string(i) + "]");
    r.get_array("dc_bits", h.dc_tables[i].dc_bits);
    r.get_array("dc_value", h.dc_tables[i].dc_value);
    r.finish();
  });
  tables("ac_tables", [&](const Value& t, size_t i) {
    Reader r(t, "ac_tables[" + std::to_string(i) + "]");
    r.get_array("ac_bits", h.ac_tables[i].ac_bits);
    r.get_array("ac_value", h.ac_tables[i].ac_value);
    r.finish();
  });
  d.sub("reserved");
  d.finish();
  return h;
}

hi_venc_start_param read_start_param(const Value& v) {
  Reader d(v, "hi_venc_start_param");
  const hi_venc_start_param p{d.get<hi_s32>("recv_pic_num", -1)};
  d.finish();
  return p;
}

hi_dvpp_epoll_event read_epoll_event(const Value& v) {
  hi_dvpp_epoll_event ev{};
  Reader d(v, "hi_dvpp_epoll_event");
  ev.events = d.get<hi_u32>("events", 0);
  ev.data = to_ptr(static_cast<uint64_t>(d.get<int64_t>("data", 0)));
  d.finish();
  return ev;
}

hi_img_stream read_img_stream(const Value& v) {
  auto s = zeroed<hi_img_stream>();
  Reader d(v, "hi_img_stream");
  d.get_enum("type", s.type, HI_PT_JPEG);
  s.addr = static_cast<hi_u8*>(to_ptr(d.get<uint64_t>("addr", 0)));
  s.len = d.get<hi_u32>("len", 0);
  s.pts = d.get<uint64_t>("pts", 0);
  d.sub("reserved");
  d.finish();
  return s;
}

hi_u32 read_stream_request(const Value& v) {
  Reader d(v, "hi_venc_stream");
  const hi_u32 packs = d.get<hi_u32>("pack_cnt", 0);
  d.sub("pack");  // pyACL allocates the packs itself
  d.sub("seq");
  d.sub("jpeg_info");
  d.finish();
  return packs;
}

StreamRelease read_stream_release(const Value& v) {
  StreamRelease r;
  Reader d(v, "hi_venc_stream");
  r.pack_cnt = d.get<hi_u32>("pack_cnt", 0);
  r.seq = d.get<hi_u32>("seq", 0);
  d.sub("jpeg_info");
  // The packs are what venc_get_stream returned: only the first one's buffer matters, and
  // pyACL takes it as it comes.
  const auto packs = d.sub("pack");
  if (packs && packs->is_list() && packs->size() > 0) {
    const auto first = packs->items(1);
    if (!first.empty() && first[0]->is_map()) {
      if (const auto addr = first[0]->get("addr")) r.addr = addr->cast_unsigned(64);
      if (const auto len = first[0]->get("len"))
        r.len = static_cast<hi_u32>(len->cast_unsigned(32));
    }
  }
  d.finish();
  return r;
}

// --- struct → node ---------------------------------------------------------------------------

Node chn_attr_node(const hi_venc_chn_attr& a) {
  const hi_venc_attr& v = a.venc_attr;
  Node jpeg = Node::Map{{"dcf_en", enum_value(v.jpeg_attr.dcf_en)},
                        {"recv_mode", enum_value(v.jpeg_attr.recv_mode)},
                        {"mpf_cfg", Node::Map{{"large_thumbnail_num", 0}}}};
  return Node::Map{{"venc_attr", Node::Map{{"type", enum_value(v.type)},
                                           {"profile", v.profile},
                                           {"max_pic_width", v.max_pic_width},
                                           {"max_pic_height", v.max_pic_height},
                                           {"pic_width", v.pic_width},
                                           {"pic_height", v.pic_height},
                                           {"buf_size", v.buf_size},
                                           {"is_by_frame", enum_value(v.is_by_frame)}}},
                   {"jpeg_attr", std::move(jpeg)}};
}

Node jpeg_param_node(const hi_venc_jpeg_param& p) {
  return Node::Map{
      {"qfactor", p.qfactor},         {"y_qt", list_node(p.y_qt)},
      {"cb_qt", list_node(p.cb_qt)},  {"cr_qt", list_node(p.cr_qt)},
      {"mcu_per_ecs", p.mcu_per_ecs}, {"ecs_output_en", static_cast<int>(p.ecs_output_en)}};
}

Node huffman_node(const hi_venc_jpeg_huffman_param& h) {
  Node::List dc, ac;
  for (int i = 0; i < 3; ++i) {
    dc.emplace_back(Node::Map{{"dc_bits", list_node(h.dc_tables[i].dc_bits)},
                              {"dc_value", list_node(h.dc_tables[i].dc_value)}});
    ac.emplace_back(Node::Map{{"ac_bits", list_node(h.ac_tables[i].ac_bits)},
                              {"ac_value", list_node(h.ac_tables[i].ac_value)}});
  }
  return Node::Map{{"dc_tables", std::move(dc)}, {"ac_tables", std::move(ac)}};
}

Node chn_status_node(const hi_venc_chn_status& s) {
  return Node::Map{{"left_pics", s.left_pics},
                   {"left_stream_bytes", s.left_stream_bytes},
                   {"left_stream_frames", s.left_stream_frames},
                   {"cur_packs", s.cur_packs},
                   {"left_recv_pics", s.left_recv_pics},
                   {"left_enc_pics", s.left_enc_pics},
                   {"is_jpeg_snap_end", enum_value(s.is_jpeg_snap_end)},
                   {"release_pic_pts", s.release_pic_pts},
                   {"stream_info", Node::Map{{"pic_cnt", s.stream_info.pic_cnt}}}};
}

Node stream_node(const hi_venc_stream& s, hi_u32 packs) {
  Node::List pack_list;
  for (hi_u32 i = 0; i < packs; ++i) {
    const hi_venc_pack& p = s.pack[i];
    Node::List info;
    for (const auto& pi : p.pack_info) {
      info.emplace_back(Node::Map{{"pack_type", enum_value(pi.pack_type.jpeg_type)},
                                  {"pack_offset", pi.pack_offset},
                                  {"pack_len", pi.pack_len}});
    }
    pack_list.emplace_back(Node::Map{{"phys_addr", p.phys_addr},
                                     {"input_addr", p.input_addr},
                                     {"addr", from_ptr(p.addr)},
                                     {"len", p.len},
                                     {"pts", p.pts},
                                     {"is_frame_end", enum_value(p.is_frame_end)},
                                     {"data_type", enum_value(p.data_type.jpeg_type)},
                                     {"offset", p.offset},
                                     {"data_num", p.data_num},
                                     {"pack_info", std::move(info)}});
  }
  return Node::Map{{"pack", std::move(pack_list)},
                   {"pack_cnt", s.pack_cnt},
                   {"seq", s.seq},
                   {"jpeg_info", Node::Map{{"pic_bytes", s.jpeg_info.pic_bytes},
                                           {"update_attr_cnt", s.jpeg_info.update_attr_cnt},
                                           {"qfactor", s.jpeg_info.qfactor}}}};
}

// --- calls around the C ABI ------------------------------------------------------------------

StreamResult get_stream(hi_s32 chn, hi_u32 packs, hi_s32 milli_sec) {
  // A picture is one pack: a few spare ones are plenty, whatever pack_cnt says.
  constexpr hi_u32 kMaxPacks = 16;
  std::vector<hi_venc_pack> pack(std::clamp<hi_u32>(packs, 1, kMaxPacks));
  auto s = zeroed<hi_venc_stream>();
  s.pack = pack.data();
  s.pack_cnt = std::min(packs, kMaxPacks);
  StreamResult r;
  r.ret = hi_mpi_venc_get_stream(chn, &s, milli_sec);
  // A picture that did not fit reports its input and the size it needed in pack[0].
  if (r.ret == HI_SUCCESS) {
    r.stream = stream_node(s, s.pack_cnt);
  } else if (static_cast<hi_u32>(r.ret) == HI_ERR_VENC_SIZE_NOT_ENOUGH) {
    r.stream = stream_node(s, 1);
  }
  return r;
}

hi_s32 release_stream(hi_s32 chn, const StreamRelease& r) {
  auto pack = zeroed<hi_venc_pack>();
  pack.addr = static_cast<hi_u8*>(to_ptr(r.addr));
  pack.len = r.len;
  auto s = zeroed<hi_venc_stream>();
  s.pack = &pack;
  s.pack_cnt = r.pack_cnt;
  s.seq = r.seq;
  return hi_mpi_venc_release_stream(chn, &s);
}

EpollWait wait_epoll(hi_s32 epfd, hi_s32 max_events, hi_s32 timeout) {
  // The C ABI refuses more than 1024 events before writing any.
  std::vector<hi_dvpp_epoll_event> events(static_cast<size_t>(std::clamp(max_events, 1, 1024)));
  EpollWait w{Node::List{}, 0, HI_SUCCESS};
  w.ret = hi_mpi_sys_wait_epoll(epfd, events.data(), max_events, timeout, &w.count);
  auto& list = std::get<Node::List>(w.events.v);
  for (hi_s32 i = 0; w.ret == HI_SUCCESS && i < w.count; ++i) {
    const hi_dvpp_epoll_event& e = events[static_cast<size_t>(i)];
    list.emplace_back(
        Node::Map{{"events", e.events}, {"data", static_cast<int64_t>(from_ptr(e.data))}});
  }
  return w;
}

}  // namespace framekit::compat::acl
