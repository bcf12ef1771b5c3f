// The end of every SIMD kernel file (see simd_dispatch.h), included after
// FRAMEKIT_SIMD_END with FRAMEKIT_SIMD_FAMILY defined as `ns, Table, accessor,
// scalar_table`: in the last pass of Highway's foreach_target it exports the file's
// KernelTable and defines the family's accessor. No include guard: it is meant to be
// read in every pass.
#ifndef FRAMEKIT_SIMD_FAMILY
#error "define FRAMEKIT_SIMD_FAMILY (ns, Table, accessor, scalar_table) first"
#endif

#if HWY_ONCE
// One more expansion step, so that FRAMEKIT_SIMD_FAMILY's commas separate arguments.
#define FRAMEKIT_SIMD_DISPATCH_FAMILY(...) FRAMEKIT_SIMD_DISPATCH(__VA_ARGS__)
FRAMEKIT_SIMD_DISPATCH_FAMILY(FRAMEKIT_SIMD_FAMILY)
#undef FRAMEKIT_SIMD_DISPATCH_FAMILY
#endif

#undef FRAMEKIT_SIMD_FAMILY
