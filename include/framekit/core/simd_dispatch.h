// How framekit's own kernel files (color, geometry, jpeg) hand out their SIMD kernels:
// the one dispatch convention of the library. Nothing here is for users (see simd.h).
//
// A kernel family is a struct of row-function pointers whose first member is
// `const char* target`. Its scalar twins fill one instance (plain C++, the reference);
// each Highway target fills another in the family's *_simd.cpp:
//
//   (inside namespace HWY_NAMESPACE, after the kernels)
//   FRAMEKIT_SIMD_TARGET_TABLE(FooKernels, GetFooKernels, &FooRow, &BarRow)
//   (after HWY_AFTER_NAMESPACE, inside #if HWY_ONCE)
//   FRAMEKIT_SIMD_DISPATCH(framekit::foo_detail, FooKernels, foo_kernels,
//                          foo_scalar_kernels, GetFooKernels)
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

// The per-target table: defines `const Table* getter()` for the target being compiled,
// filled with the given kernel pointers after the target's name.
#define FRAMEKIT_SIMD_TARGET_TABLE(Table, getter, ...)                                  \
  const Table* getter() {                                                                \
    static const Table table{::framekit::simd_detail::target_name(HWY_TARGET), __VA_ARGS__}; \
    return &table;                                                                       \
  }

// The per-target table of a target the family does not vectorise (HWY_SCALAR's one-lane
// vectors): the scalar twins, under that target's name.
#define FRAMEKIT_SIMD_TARGET_RUNS_SCALAR(Table, getter, scalar_table)                  \
  const Table* getter() {                                                              \
    static const Table table = ::framekit::simd_detail::renamed(                       \
        scalar_table(), ::framekit::simd_detail::target_name(HWY_TARGET));             \
    return &table;                                                                     \
  }

// The family's accessor, in namespace ns: exports the per-target getter and defines
// `const Table& accessor()`, which returns scalar_table() or the chosen target's table.
#define FRAMEKIT_SIMD_DISPATCH(ns, Table, accessor, scalar_table, getter)             \
  namespace ns {                                                                      \
  HWY_EXPORT(getter);                                                                 \
  const Table& accessor() {                                                           \
    return ::framekit::simd_detail::kernel_table(                                     \
        scalar_table(), [] { return HWY_DYNAMIC_DISPATCH(getter)(); });               \
  }                                                                                   \
  }
