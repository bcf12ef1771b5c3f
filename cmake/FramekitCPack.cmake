# `cpack -G DEB` (in the build directory) makes one Debian package with everything
# `cmake --install` installs, every component (runtime, development, python), under
# /usr. It is written into the build directory as framekit_<version>_<arch>.deb.
set(CPACK_GENERATOR DEB)
set(CPACK_SOURCE_GENERATOR "")
set(CPACK_PACKAGE_NAME framekit)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "frame conversion and JPEG encoding library, CLI and Python package")
set(FRAMEKIT_DEB_MAINTAINER
    "Seed 49813799 maintainers <maintainers@users.noreply.r-seed-49813799.example>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT "${FRAMEKIT_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${FRAMEKIT_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "\
framekit converts video frames between pixel formats, color spaces, sizes and
devices, and hands them to and from FFmpeg, OpenCV, libtorch, NumPy and PyTorch. Its
baseline JPEG encoder is bit-exact with libjpeg-turbo's accurate DCT; a multi-channel
asynchronous engine gives it the C API of a hardware media encoder (hi_mpi_venc_*).
.
This package holds the shared libraries (libframekit and its FFmpeg, OpenCV and
libtorch adapters), the C and C++ headers, the CMake package and pkg-config files,
the framekit command-line tool and the Python package.")
set(CPACK_DEBIAN_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Run-time dependencies come from the ELF files themselves: dpkg-shlibdeps maps every
# shared library they link to the package that ships it (with its shlibs version).
# The adapters and the CLI link libframekit, which is in this package: CPack gives the
# staging tree a DEBIAN directory so that dpkg-shlibdeps resolves their $ORIGIN RUNPATHs
# inside the package and leaves libframekit out; no SHLIBDEPS_PRIVATE_DIRS needed.
# CPack runs dpkg-shlibdeps with --ignore-missing-info (a library of no package is
# dropped silently), so tests/install/test_deb.py checks the result independently.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# A shlibs file, so that packages built against framekit get "framekit (>= version)".
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
# Beyond that, the C++ headers every consumer includes (framekit/core/*.h) include
# <dlpack/dlpack.h>, a small header-only package: without it the installed CMake
# package and framekit.pc cannot build anything in C++, so it is a hard dependency.
# The adapters' headers need the big -dev packages of FFmpeg, OpenCV and libtorch, which
# a user of the CLI, the C ABI or the core library does not: they are only suggested.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libdlpack-dev")
# The Python package's extension is built for one Python minor version (its file name
# says cpython-3XY) and imports NumPy: it needs exactly that python3 and python3-numpy.
if(TARGET _framekit)
  find_package(Python COMPONENTS Interpreter REQUIRED)
  math(EXPR _fk_py_next "${Python_VERSION_MINOR} + 1")
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS
         ", python3 (>= ${Python_VERSION_MAJOR}.${Python_VERSION_MINOR})"
         ", python3 (<< ${Python_VERSION_MAJOR}.${_fk_py_next}), python3-numpy")
endif()
set(_fk_suggests "")
foreach(pair "ffmpeg:libavutil-dev" "opencv:libopencv-dev" "torch:libtorch-dev")
  string(REPLACE ":" ";" pair "${pair}")
  list(GET pair 0 adapter)
  list(GET pair 1 dev)
  if(TARGET framekit_${adapter})
    list(APPEND _fk_suggests ${dev})
  endif()
endforeach()
list(JOIN _fk_suggests ", " CPACK_DEBIAN_PACKAGE_SUGGESTS)
include(CPack)
