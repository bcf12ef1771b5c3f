// concat / stack / vstack / hstack: each input is copied into its slice of the result.
#include <string>

#include "framekit/core/tensor.h"

namespace framekit {
namespace {

std::string shape_text(const SizeArray& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

int64_t wrap_axis(int64_t axis, int64_t ndim, const char* what) {
  const int64_t orig = axis;
  if (axis < 0) axis += ndim;
  FK_CHECK(axis >= 0 && axis < ndim, ErrorCode::kOutOfRange, what, ": axis ", orig,
           " is out of range for ", ndim, "-d tensors");
  return axis;
}

// The shape of concat(tensors, axis); checks dtypes, devices and the other sizes.
SizeArray concat_shape(const TensorList& tensors, int64_t& axis, const char* what) {
  FK_CHECK_ARG(!tensors.empty(), what, ": no tensors given");
  const Tensor& first = tensors.front();
  FK_CHECK_ARG(first.defined(), what, ": tensor 0 is undefined");
  FK_CHECK_ARG(first.dim() > 0, what, ": 0-d tensors cannot be joined");
  axis = wrap_axis(axis, first.dim(), what);
  SizeArray shape = first.shape();
  shape[axis] = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    FK_CHECK_ARG(t.defined(), what, ": tensor ", i, " is undefined");
    FK_CHECK(t.dtype() == first.dtype(), ErrorCode::kTypeMismatch, what, ": tensor ", i, " is ",
             scalar_name(t.dtype()), ", tensor 0 is ", scalar_name(first.dtype()));
    FK_CHECK_ARG(t.device() == first.device(), what, ": tensor ", i, " is on ", t.device().str(),
                 ", tensor 0 on ", first.device().str());
    bool match = t.dim() == first.dim();
    for (int64_t d = 0; match && d < t.dim(); ++d) match = d == axis || t.size(d) == first.size(d);
    FK_CHECK_ARG(match, what, ": tensor ", i, " has shape ", shape_text(t.shape()),
                 "; every size but axis ", axis, " must match tensor 0's ",
                 shape_text(first.shape()));
    shape[axis] += t.size(axis);
  }
  return shape;
}

Tensor& concat_into(Tensor& out, const TensorList& tensors, int64_t axis, const SizeArray& shape,
                    const char* what) {
  FK_CHECK_ARG(out.defined(), what, ": out is undefined");
  FK_CHECK_ARG(out.shape() == shape, what, ": out has shape ", shape_text(out.shape()),
               ", the result has ", shape_text(shape));
  int64_t start = 0;
  for (const Tensor& t : tensors) {
    const int64_t n = t.size(axis);
    out.slice(axis, start, start + n).copy_(t);
    start += n;
  }
  return out;
}

TensorList unsqueezed(const TensorList& tensors, int64_t axis, const char* what) {
  FK_CHECK_ARG(!tensors.empty(), what, ": no tensors given");
  TensorList out;
  out.reserve(tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    FK_CHECK_ARG(tensors[i].defined(), what, ": tensor ", i, " is undefined");
    FK_CHECK_ARG(tensors[i].shape() == tensors[0].shape(), what, ": tensor ", i, " has shape ",
                 shape_text(tensors[i].shape()), ", tensor 0 has ", shape_text(tensors[0].shape()),
                 " (stack needs equal shapes)");
    const int64_t a = axis < 0 ? axis + tensors[i].dim() + 1 : axis;
    out.push_back(tensors[i].unsqueeze(a));
  }
  return out;
}

TensorList at_least_2d(const TensorList& tensors) {
  TensorList out = tensors;
  for (Tensor& t : out) {
    if (t.defined() && t.dim() == 1) t = t.unsqueeze(0);
  }
  return out;
}

bool all_1d(const TensorList& tensors) {
  for (const Tensor& t : tensors) {
    if (t.defined() && t.dim() != 1) return false;
  }
  return true;
}

}  // namespace

Tensor concat(const TensorList& tensors, int64_t axis) {
  const SizeArray shape = concat_shape(tensors, axis, "concat");
  Tensor out = Tensor::empty(shape, tensors.front().dtype(), tensors.front().device());
  return concat_into(out, tensors, axis, shape, "concat");
}

Tensor& concat(Tensor& out, const TensorList& tensors, int64_t axis) {
  const SizeArray shape = concat_shape(tensors, axis, "concat");
  return concat_into(out, tensors, axis, shape, "concat");
}

Tensor stack(const TensorList& tensors, int64_t axis) {
  return concat(unsqueezed(tensors, axis, "stack"), axis);
}

Tensor& stack(Tensor& out, const TensorList& tensors, int64_t axis) {
  return concat(out, unsqueezed(tensors, axis, "stack"), axis);
}

Tensor vstack(const TensorList& tensors) {
  return concat(at_least_2d(tensors), 0);
}
Tensor& vstack(Tensor& out, const TensorList& tensors) {
  return concat(out, at_least_2d(tensors), 0);
}
Tensor hstack(const TensorList& tensors) {
  return concat(tensors, all_1d(tensors) ? 0 : 1);
}
Tensor& hstack(Tensor& out, const TensorList& tensors) {
  return concat(out, tensors, all_1d(tensors) ? 0 : 1);
}

}  // namespace framekit
