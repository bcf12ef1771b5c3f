// BMF's <bmf/sdk/json_param.h> (framekit's BMF compatibility): JsonParam, BMF's
// module-option object, over nlohmann::json (Debian's nlohmann-json3-dev, the library
// BMF's JsonParam wraps). Attaching one to a VideoFrame stores a copy, as in BMF.
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <bmf/sdk/config.h>

#include "framekit/compat/bmf.h"

namespace bmf_sdk {

class JsonParam {
 public:
  JsonParam() = default;
  JsonParam(const JsonParam&) = default;
  JsonParam& operator=(const JsonParam&) = default;
  // Parses `text`; throws nlohmann::json::parse_error when it is not JSON.
  JsonParam(const std::string& text) { parse(text); }
  explicit JsonParam(nlohmann::json value) : json_value_(std::move(value)) {}

  // Replaces the content with the parsed `text`; throws nlohmann::json::parse_error.
  // Returns 0, as BMF does.
  int parse(const std::string& text) {
    json_value_ = nlohmann::json::parse(text);
    return 0;
  }
  // Reads / writes a JSON file; throws framekit::Error when the file cannot be opened.
  int load(const std::string& path) {
    std::ifstream in(path);
    FK_CHECK(in.good(), framekit::ErrorCode::kInvalidArgument, "JsonParam::load: cannot open '",
             path, "'");
    json_value_ = nlohmann::json::parse(in);
    return 0;
  }
  int store(const std::string& path) const {
    std::ofstream out(path);
    FK_CHECK(out.good(), framekit::ErrorCode::kInvalidArgument,
             "JsonParam::store: cannot open '", path, "'");
    out << json_value_.dump(4);
    return 0;
  }

  // The value at `key` converted to T (nlohmann's rules; throws on a missing key or a
  // value of another type).
  template <typename T, typename K>
  T get(const K& key) const {
    return json_value_.at(key).template get<T>();
  }
  template <typename T>
  T to() const {
    return json_value_.template get<T>();
  }
  template <typename K>
  JsonParam operator[](const K& key) const {
    return JsonParam(json_value_.at(key));
  }

  bool has_key(const std::string& key) const {
    return json_value_.is_object() && json_value_.contains(key);
  }
  int erase(const std::string& key) {
    json_value_.erase(key);
    return 0;
  }
  void set_value(const nlohmann::json& value) { json_value_ = value; }
  void merge_patch(const JsonParam& patch) { json_value_.merge_patch(patch.json_value_); }
  std::string dump() const { return json_value_.dump(); }

  // BMF's out-parameter getters: 0 on success; throw like get<T> otherwise.
  int get_object(const std::string& key, JsonParam& out) const { return fetch(key, out.json_value_); }
  int get_string(const std::string& key, std::string& out) const { return fetch(key, out); }
  int get_int(const std::string& key, int& out) const { return fetch(key, out); }
  int get_long(const std::string& key, int64_t& out) const { return fetch(key, out); }
  int get_double(const std::string& key, double& out) const { return fetch(key, out); }
  int get_string_list(const std::string& key, std::vector<std::string>& out) const {
    return fetch(key, out);
  }
  int get_int_list(const std::string& key, std::vector<int>& out) const { return fetch(key, out); }
  int get_double_list(const std::string& key, std::vector<double>& out) const {
    return fetch(key, out);
  }
  int get_object_list(const std::string& key, std::vector<JsonParam>& out) const {
    out.clear();
    for (const auto& item : json_value_.at(key)) out.emplace_back(item);
    return 0;
  }
  // (key, value-as-text) for every member, strings without quotes.
  int get_iterated(std::vector<std::pair<std::string, std::string>>& out) const {
    out.clear();
    for (const auto& [key, value] : json_value_.items()) {
      out.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
    }
    return 0;
  }

  nlohmann::json json_value_;

 private:
  template <typename T>
  int fetch(const std::string& key, T& out) const {
    out = json_value_.at(key).template get<T>();
    return 0;
  }
};

template <>
struct OpaqueDataInfo<JsonParam> {
  static const int key = OpaqueDataKey::kJsonParam;
  static OpaqueData construct(const JsonParam* json) { return std::make_shared<JsonParam>(*json); }
};

}  // namespace bmf_sdk
