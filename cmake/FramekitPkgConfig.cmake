# pkg-config files: framekit.pc and one per built adapter (framekit-ffmpeg.pc, ...).
#
# `cmake --install --prefix P` may install somewhere else than the configured prefix,
# and cpack installs with the package's prefix (/usr) under a staging DESTDIR, so the
# `prefix=` line is filled in at install time from CMAKE_INSTALL_PREFIX, which is the
# real prefix in both cases. Everything else is known at configure time.
set(_fk_pc_dir ${CMAKE_BINARY_DIR}/cmake/pkgconfig)

# -I / -L flags for a dependency's directories, left out where the compiler searches
# anyway (an explicit -I/usr/include breaks the #include_next of libstdc++'s headers).
function(_fk_pc_dir_flags out flag)
  set(flags "")
  foreach(dir IN LISTS ARGN)
    if(NOT dir IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES
       AND NOT dir IN_LIST CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES AND NOT "${flag}${dir}" IN_LIST flags)
      list(APPEND flags "${flag}${dir}")
    endif()
  endforeach()
  list(JOIN flags " " flags)
  set(${out} "${flags}" PARENT_SCOPE)
endfunction()

function(_fk_pc_file name description requires libs cflags)
  set(FK_PREFIX "@FK_PREFIX@")  # kept for the install-time pass
  set(FK_PC_NAME ${name})
  set(FK_PC_DESCRIPTION "${description}")
  set(FK_PC_REQUIRES "${requires}")
  set(FK_PC_LIBS "${libs}")
  set(FK_PC_CFLAGS "")
  if(cflags)
    set(FK_PC_CFLAGS " ${cflags}")
  endif()
  configure_file(${CMAKE_CURRENT_FUNCTION_LIST_DIR}/framekit.pc.in ${_fk_pc_dir}/${name}.pc.in @ONLY)
  install(CODE "
    get_filename_component(FK_PREFIX \"\${CMAKE_INSTALL_PREFIX}\" ABSOLUTE)
    configure_file(\"${_fk_pc_dir}/${name}.pc.in\" \"${_fk_pc_dir}/install/${name}.pc\" @ONLY)"
    COMPONENT development)
  install(FILES ${_fk_pc_dir}/install/${name}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT development)
endfunction()

_fk_pc_dir_flags(_fk_dlpack_cflags "-I" ${DLPACK_INCLUDE_DIR})
# The headers need C++20, but the same Cflags serve C programs (framekit/compat/*.h),
# so -std=c++20 is the C++ consumer's own flag.
_fk_pc_file(framekit "Frame conversion and JPEG encoding (C++20 library; C ABI in framekit/compat)"
  "" "-lframekit" "${_fk_dlpack_cflags}")

# BMF's header paths (framekit::bmf_compat): only the extra include directory.
_fk_pc_file(framekit-bmf "BMF's C++ header paths (hmp/*, bmf/sdk/*) over framekit"
  "framekit = ${PROJECT_VERSION}" "" "-I\${includedir}/${FRAMEKIT_BMF_INCLUDE_SUBDIR}")

if(TARGET framekit_ffmpeg)
  _fk_pc_file(framekit-ffmpeg "framekit <-> FFmpeg AVFrame adapter"
    "framekit = ${PROJECT_VERSION}, libavutil" "-lframekit_ffmpeg" "")
endif()

if(TARGET framekit_opencv)
  pkg_check_modules(_FK_PC_OPENCV QUIET opencv4)
  if(_FK_PC_OPENCV_FOUND)
    set(_fk_req ", opencv4")
    set(_fk_libs "-lframekit_opencv")
    set(_fk_cflags "")
  else()  # an OpenCV without a .pc file: its directories and core library directly
    set(_fk_req "")
    set(_fk_libs "-lframekit_opencv -lopencv_core")
    _fk_pc_dir_flags(_fk_cflags "-I" ${OpenCV_INCLUDE_DIRS})
  endif()
  _fk_pc_file(framekit-opencv "framekit <-> OpenCV cv::Mat adapter"
    "framekit = ${PROJECT_VERSION}${_fk_req}" "${_fk_libs}" "${_fk_cflags}")
endif()

if(TARGET framekit_torch)
  # libtorch has no .pc file: its flags, include directories and the libraries that
  # at::Tensor's members live in (torch_cpu, c10) directly.
  get_filename_component(_fk_torch_libdir "${c10_LIBRARY}" DIRECTORY)
  _fk_pc_dir_flags(_fk_torch_l "-L" ${_fk_torch_libdir})
  _fk_pc_dir_flags(_fk_torch_i "-I" ${TORCH_INCLUDE_DIRS})
  set(_fk_cflags ${TORCH_CXX_FLAGS} ${_fk_torch_i})
  set(_fk_libs -lframekit_torch ${_fk_torch_l} -ltorch -ltorch_cpu -lc10)
  list(JOIN _fk_cflags " " _fk_cflags)
  list(JOIN _fk_libs " " _fk_libs)
  _fk_pc_file(framekit-torch "framekit <-> libtorch at::Tensor adapter"
    "framekit = ${PROJECT_VERSION}" "${_fk_libs}" "${_fk_cflags}")
endif()
