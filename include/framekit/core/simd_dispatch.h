// How framekit's own kernel files (color, geometry, jpeg) hand out their SIMD kernels:
// the one dispatch convention of the library. Nothing here is for users (see simd.h).
//
// A kernel family is a struct of row-function pointers whose first member is
// `const char* target`. Its scalar twins fill one instance (plain C++, the reference);
// each Highway target fills another in the family's *_simd.cpp:
//
//   #define HWY_TARGET_INCLUDE "foo/foo_simd.cpp"
//   #include <hwy/foreach_target.h>
//   #include <hwy/highway.h>
//   #include "framekit/core/simd_dispatch.h"
//   FRAMEKIT_SIMD_BEGIN(framekit::foo_detail)
//   ... the kernels FooRow, BarRow ...
//   FRAMEKIT_SIMD_TABLE(FooKernels, &FooRow, &BarRow)
//   FRAMEKIT_SIMD_END
//   #define FRAMEKIT_SIMD_FAMILY framekit::foo_detail, FooKernels, foo_kernels, foo_scalar_kernels
//   #include "framekit/core/simd_dispatch-inl.h"
//
// Callers fetch the table once per operation (`const FooKernels& k = foo_kernels();`) and
// call through its pointers in their row loops, so dispatch stays out of the loops.
#pragma once

#include <cstdint>

namespace framekit::simd_detail {

// Whether the process-wide switch (set_simd_target, FRAMEKIT_SIMD) asks for the scalar
// twins. Applies FRAMEKIT_SIMD on first use; throws Error(kInvalidArgument) if it names
// a target this build or CPU does not have.
bool scalar_forced();
// The switch's name of a Highway target bit (HWY_AVX2 → "avx2").
const char* target_name(int64_t target);

// The table to use now: the scalar twins', or the one of the Highway target the switch
// has chosen (simd_table() dispatches through Highway's chosen-target index).
template <class Table, class SimdTable>
const Table& kernel_table(const Table& scalar, SimdTable simd_table) {
  return scalar_forced() ? scalar : *simd_table();
}

// A copy of `table` under another target's name.
template <class Table>
Table renamed(Table table, const char* target) {
  table.target = target;
  return table;
}

}  // namespace framekit::simd_detail

// A kernel file's per-target code sits between FRAMEKIT_SIMD_BEGIN(ns) and
// FRAMEKIT_SIMD_END: Highway's target attributes, namespace ns::HWY_NAMESPACE and the
// alias hn for hwy::HWY_NAMESPACE. (Like fmt's FMT_BEGIN_NAMESPACE, the pair opens and
// closes braces, so that no file repeats Highway's preamble.)
#define FRAMEKIT_SIMD_BEGIN(ns) \
  HWY_BEFORE_NAMESPACE();       \
  namespace ns {                \
  namespace HWY_NAMESPACE {     \
  namespace hn = hwy::HWY_NAMESPACE;
#define FRAMEKIT_SIMD_END \
  }                       \
  }                       \
  HWY_AFTER_NAMESPACE();

// The table of the target being compiled, for the file's FRAMEKIT_SIMD_END: defines
// `KernelTable()` (one per file and target; internal linkage), filled with the given
// kernel pointers after the target's name.
#define FRAMEKIT_SIMD_TABLE(Table, ...)                                                    \
  static const Table* KernelTable() {                                                     \
    static const Table table{::framekit::simd_detail::target_name(HWY_TARGET), __VA_ARGS__}; \
    return &table;                                                                         \
  }

// The same for a target the family does not vectorise (HWY_SCALAR's one-lane vectors):
// the scalar twins, under that target's name.
#define FRAMEKIT_SIMD_TABLE_OF_SCALAR_TWINS(Table, scalar_table)                       \
  static const Table* KernelTable() {                                                  \
    static const Table table = ::framekit::simd_detail::renamed(                       \
        scalar_table(), ::framekit::simd_detail::target_name(HWY_TARGET));             \
    return &table;                                                                     \
  }

// The family's accessor, after FRAMEKIT_SIMD_END (simd_dispatch-inl.h runs it in the last
// pass of foreach_target, HWY_ONCE): exports KernelTable and defines, in namespace ns,
// `const Table& accessor()`, which returns scalar_table() or the chosen target's table.
#define FRAMEKIT_SIMD_DISPATCH(ns, Table, accessor, scalar_table)                      \
  namespace ns {                                                                      \
  HWY_EXPORT(KernelTable);                                                            \
  const Table& accessor() {                                                           \
    return ::framekit::simd_detail::kernel_table(                                     \
        scalar_table(), [] { return HWY_DYNAMIC_DISPATCH(KernelTable)(); });          \
  }                                                                                   \
  }
