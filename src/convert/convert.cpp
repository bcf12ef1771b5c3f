// convert(): import → (scale, color conversion in the cheaper order) → device → export.
#include "framekit/convert/convert.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>

#include "convert/steps.h"
#include "framekit/pixel/color_label.h"

namespace framekit {
namespace {

// Bytes per pixel of a format, counting subsampled planes at their share.
double bytes_per_pixel(const PixelFormatDesc& d) {
  double b = 0;
  for (int p = 0; p < d.num_planes; ++p) {
    const auto& pl = d.planes[p];
    b += static_cast<double>(pl.channels) * static_cast<double>(d.sample_size()) /
         static_cast<double>(1 << (pl.log2_ssx + pl.log2_ssy));
  }
  return b;
}

// Time model of the two pixel steps, in µs per MB read and written, fitted to the
// color and geometry kernels on one core (bench_interop's "convert" rows at 1080p): a
// resize costs mostly per output byte, more for interleaved 3-4 channel pixels than for
// planes; a color conversion is cheaper per byte. Only the ratios matter: they pick
// the order of the steps. Near ties (within ~10%) may go either way.
constexpr double kScaleIn = 37, kScaleOutPlanar = 100, kScaleOutPacked = 140;
constexpr double kCscIn = 28, kCscOut = 65;
constexpr double kMB = 1e-6;

double scale_cost(const PixelFormatDesc& d, double in_px, double out_px) {
  const bool packed = d.num_planes == 1 && d.planes[0].channels >= 3;
  const double bpp = bytes_per_pixel(d) * kMB;
  return bpp * (kScaleIn * in_px + (packed ? kScaleOutPacked : kScaleOutPlanar) * out_px);
}
double reformat_cost(const PixelFormatDesc& from, const PixelFormatDesc& to, double px) {
  return (kCscIn * bytes_per_pixel(from) + kCscOut * bytes_per_pixel(to)) * px * kMB;
}

bool same_samples(const PixelInfo& a, const PixelInfo& b) {
  if (a.format() != b.format()) return false;
  const auto& d = a.desc();
  if (d.is_rgb()) return a.infer_range() == b.infer_range();
  return a.infer_space() == b.infer_space() && a.infer_range() == b.infer_range();
}

std::string_view step_name(ConvertPlan::Step s) {
  switch (s) {
    case ConvertPlan::Step::kScale:
      return "scale";
    case ConvertPlan::Step::kReformat:
      return "reformat";
    case ConvertPlan::Step::kToDevice:
      return "to";
  }
  return "?";
}

}  // namespace

std::pair<int, int> target_size(int src_width, int src_height, const MediaDesc& d) {
  FK_CHECK_ARG(src_width > 0 && src_height > 0, "convert: source size ", src_width, "x", src_height,
               " is invalid");
  if (d.width.has_value()) {
    FK_CHECK_ARG(d.width() > 0, "convert: dst width ", d.width(), " must be > 0");
  }
  if (d.height.has_value()) {
    FK_CHECK_ARG(d.height() > 0, "convert: dst height ", d.height(), " must be > 0");
  }
  if (d.width.has_value() && d.height.has_value()) return {d.width(), d.height()};
  // One side given: keep the aspect ratio, rounding to nearest (BMF truncates).
  auto scaled = [](int other_dst, int other_src, int this_src) {
    const double v = std::llround(static_cast<double>(this_src) * other_dst / other_src);
    return static_cast<int>(std::max(1.0, std::min(v, double{1 << 20})));
  };
  if (d.width.has_value()) return {d.width(), scaled(d.width(), src_width, src_height)};
  if (d.height.has_value()) return {scaled(d.height(), src_height, src_width), d.height()};
  return {src_width, src_height};
}

PixelInfo target_pixel_info(const PixelInfo& src, const MediaDesc& d) {
  d.check_consistent();
  FK_CHECK_ARG(src.valid(), "convert: source pixel format is not set");
  PixelFormat fmt = d.format_or_none();
  if (fmt == PF_NONE) fmt = src.format();
  PixelInfo requested(fmt);
  if (d.pixel_info.has_value()) {
    const PixelInfo& pi = d.pixel_info();
    requested = PixelInfo(fmt, pi.space(), pi.range(), pi.primaries(), pi.transfer());
  }
  if (d.color_space.has_value()) requested = requested.with_space(d.color_space());
  if (d.color_range.has_value()) requested = requested.with_range(d.color_range());
  return resolve_output_label(src, requested, {OutputLabelMode::kKeepSource});
}

ConvertPlan plan_convert(int sw, int sh, const PixelInfo& src_info, const Device& src_device,
                         const MediaDesc& d) {
  ConvertPlan plan;
  plan.src_width = sw;
  plan.src_height = sh;
  plan.src_info = src_info;
  plan.src_device = src_device;
  std::tie(plan.dst_width, plan.dst_height) = target_size(sw, sh, d);
  plan.dst_info = target_pixel_info(src_info, d);
  plan.dst_device = d.device.has_value() ? d.device() : src_device;
  if (d.device.has_value()) d.device().check_available();

  const bool scale = plan.dst_width != sw || plan.dst_height != sh;
  const bool reformat = !same_samples(src_info, plan.dst_info);
  Device at = src_device;
  using Step = ConvertPlan::Step;
  // Kernels run on the CPU: frames elsewhere come over once, before any pixel work.
  if ((scale || reformat) && !at.is_cpu()) {
    at = Device();
    plan.ops.push_back({Step::kToDevice, sw, sh, src_info, at});
  }
  const double in_px = static_cast<double>(sw) * sh;
  const double out_px = static_cast<double>(plan.dst_width) * plan.dst_height;
  const auto& sd = src_info.desc();
  const auto& td = plan.dst_info.desc();
  if (scale && reformat) {
    // Scale in the source format then convert at the output size, or convert at the
    // input size then scale in the target format, whichever the model says is
    // faster: a downscale converts only the small frame, an upscale scales planes
    // rather than interleaved pixels, and no full-size intermediate of the costlier
    // kind is made.
    const double scale_first = scale_cost(sd, in_px, out_px) + reformat_cost(sd, td, out_px);
    const double convert_first = reformat_cost(sd, td, in_px) + scale_cost(td, in_px, out_px);
    const bool first_scale = scale_first <= convert_first;
    plan.cost = first_scale ? scale_first : convert_first;
    plan.other_order_cost = first_scale ? convert_first : scale_first;
    if (first_scale) {
      plan.ops.push_back({Step::kScale, plan.dst_width, plan.dst_height, src_info, at});
      plan.ops.push_back({Step::kReformat, plan.dst_width, plan.dst_height, plan.dst_info, at});
    } else {
      plan.ops.push_back({Step::kReformat, sw, sh, plan.dst_info, at});
      plan.ops.push_back({Step::kScale, plan.dst_width, plan.dst_height, plan.dst_info, at});
    }
  } else if (scale) {
    plan.cost = plan.other_order_cost = scale_cost(sd, in_px, out_px);
    plan.ops.push_back({Step::kScale, plan.dst_width, plan.dst_height, src_info, at});
  } else if (reformat) {
    plan.cost = plan.other_order_cost = reformat_cost(sd, td, in_px);
    plan.ops.push_back({Step::kReformat, sw, sh, plan.dst_info, at});
  }
  if (at != plan.dst_device) {
    plan.ops.push_back(
        {Step::kToDevice, plan.dst_width, plan.dst_height, plan.dst_info, plan.dst_device});
  }
  return plan;
}

std::string ConvertPlan::str() const {
  std::ostringstream os;
  os << src_width << "x" << src_height << " " << src_info.str() << " (" << src_device.str() << ")";
  for (const auto& op : ops) {
    os << " -> " << step_name(op.step) << " ";
    switch (op.step) {
      case Step::kScale:
        os << op.width << "x" << op.height;
        break;
      case Step::kReformat:
        os << op.info.str();
        break;
      case Step::kToDevice:
        os << op.device.str();
        break;
    }
  }
  if (ops.empty()) os << " (nothing to do)";
  return os.str();
}

Frame apply_source_desc(const Frame& f, const MediaDesc& d, MediaType type) {
  FK_CHECK_ARG(f.defined(), "convert: the imported ", type, " gave no frame");
  d.check_consistent();
  FK_CHECK_ARG(!d.width.has_value() || d.width() == f.width(), "convert: src_desc width ",
               d.width.optional().value_or(0), " does not match the ", type, "'s width ",
               f.width());
  FK_CHECK_ARG(!d.height.has_value() || d.height() == f.height(), "convert: src_desc height ",
               d.height.optional().value_or(0), " does not match the ", type, "'s height ",
               f.height());
  const PixelFormat fmt = d.format_or_none();
  FK_CHECK(fmt == PF_NONE || fmt == f.format(), ErrorCode::kTypeMismatch,
           "convert: src_desc pixel format ", pixel_format_name(fmt), " does not match the ", type,
           "'s ", pixel_format_name(f.format()));
  FK_CHECK_ARG(!d.device.has_value() || d.device() == f.device(), "convert: src_desc device ",
               d.device.has_value() ? d.device().str() : "", " does not match the ", type,
               "'s device ", f.device().str());
  PixelInfo info = f.pix_info();
  if (d.pixel_info.has_value()) {
    const PixelInfo& pi = d.pixel_info();
    info = PixelInfo(f.format(), pi.space(), pi.range(), pi.primaries(), pi.transfer());
  }
  if (d.color_space.has_value()) info = info.with_space(d.color_space());
  if (d.color_range.has_value()) info = info.with_range(d.color_range());
  return info == f.pix_info() ? f : f.with_pix_info(info);
}

VideoFrame convert(const VideoFrame& src, const MediaDesc& src_desc, const MediaDesc& dst_desc) {
  return convert(src, src_desc, dst_desc, ColorConvertOptions{});
}

VideoFrame convert(const VideoFrame& src, const MediaDesc& src_desc, const MediaDesc& dst_desc,
                   const ColorConvertOptions& color) {
  const MediaType src_type = src_desc.media_type.value_or(MediaType::kVideoFrame);
  const MediaType dst_type = dst_desc.media_type.value_or(MediaType::kVideoFrame);
  // Look both up first: an unregistered type fails before any work.
  const auto importer = get_convertor(src_type);
  const auto exporter = get_convertor(dst_type);

  const VideoFrame imported = importer->import_frame(src, src_desc);
  const Frame& in = imported.frame();
  const ConvertPlan plan =
      plan_convert(in.width(), in.height(), in.pix_info(), in.device(), dst_desc);
  exporter->check_exportable(plan.dst_info, plan.dst_width, plan.dst_height, plan.dst_device);

  Frame f = in;
  for (const auto& op : plan.ops) {
    switch (op.step) {
      case ConvertPlan::Step::kScale:
        f = detail::scale_frame(f, op.width, op.height);
        break;
      case ConvertPlan::Step::kReformat:
        f = detail::reformat_frame(f, op.info, color);
        break;
      case ConvertPlan::Step::kToDevice:
        f = f.to(op.device);
        break;
    }
  }
  // Labels that do not change samples (unspecified → explicit, primaries) still apply.
  if (!(f.pix_info() == plan.dst_info)) f = f.with_pix_info(plan.dst_info);

  VideoFrame out(std::move(f));
  out.copy_props(imported);
  return exporter->export_frame(out, dst_desc);
}

}  // namespace framekit
