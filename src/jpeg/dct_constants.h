// Constants of the accurate integer FDCT (ISLOW): cosines scaled by 2^13, as in
// libjpeg's jfdctint, whose rounding the encoder reproduces bit for bit.
#pragma once

#include <cstdint>

namespace framekit::jpeg::detail {

inline constexpr int kConstBits = 13;
inline constexpr int kPass1Bits = 2;

inline constexpr int32_t kFix0298 = 2446;   // 0.298631336
inline constexpr int32_t kFix0390 = 3196;   // 0.390180644
inline constexpr int32_t kFix0541 = 4433;   // 0.541196100
inline constexpr int32_t kFix0765 = 6270;   // 0.765366865
inline constexpr int32_t kFix0899 = 7373;   // 0.899976223
inline constexpr int32_t kFix1175 = 9633;   // 1.175875602
inline constexpr int32_t kFix1501 = 12299;  // 1.501321110
inline constexpr int32_t kFix1847 = 15137;  // 1.847759065
inline constexpr int32_t kFix1961 = 16069;  // 1.961570560
inline constexpr int32_t kFix2053 = 16819;  // 2.053119869
inline constexpr int32_t kFix2562 = 20995;  // 2.562915447
inline constexpr int32_t kFix3072 = 25172;  // 3.072711026

}  // namespace framekit::jpeg::detail
