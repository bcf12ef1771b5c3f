# Installation for C and C++ consumers: the shared libraries, public headers, the CLI,
# a CMake package (framekitConfig.cmake, one exported-targets file per library) and
# pkg-config files. Components (COMMON contract): `runtime` holds what a program needs
# at run time (libraries, CLI), `development` what a build needs (headers, namelinks,
# CMake and pkg-config files). Everything is written against target names only, so it
# does not depend on where the targets are defined.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FRAMEKIT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/framekit"
    CACHE STRING "Where framekitConfig.cmake is installed (relative to the prefix)")

# The headers are C++20; consumers of the CMake package get the flag from the target.
target_compile_features(framekit INTERFACE cxx_std_20)

# <dlpack/dlpack.h>, which the headers include, is in framekit's include path for the
# build tree only: framekitConfig.cmake looks it up on the consumer's machine instead of
# pinning the build machine's location into the package.

# Installed binaries find framekit next to them ($ORIGIN), never in the build tree;
# the build tree keeps CMake's build RPATHs for the tests.
file(RELATIVE_PATH _fk_bin_to_lib "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_LIBDIR}")
set(_fk_adapters "")
foreach(name ffmpeg opencv torch)
  if(TARGET framekit_${name})
    list(APPEND _fk_adapters ${name})
  endif()
endforeach()

install(TARGETS framekit EXPORT framekitTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT development
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT framekitTargets NAMESPACE framekit:: DESTINATION ${FRAMEKIT_INSTALL_CMAKEDIR}
  COMPONENT development)

foreach(name ${_fk_adapters})
  set_target_properties(framekit_${name} PROPERTIES EXPORT_NAME ${name} INSTALL_RPATH "$ORIGIN")
  install(TARGETS framekit_${name} EXPORT framekit_${name}Targets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT development
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT framekit_${name}Targets NAMESPACE framekit::
    DESTINATION ${FRAMEKIT_INSTALL_CMAKEDIR} COMPONENT development)
endforeach()

if(TARGET framekit_cli)
  set_target_properties(framekit_cli PROPERTIES INSTALL_RPATH "$ORIGIN/${_fk_bin_to_lib}")
  install(TARGETS framekit_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
endif()

# Every public header: framekit/** (compat/*.h included) in <includedir>; BMF's header
# paths (bmf/sdk/*.h, hmp/**) and their generated config.h files apart, in
# <includedir>/framekit/compat/bmf_include, so that they never shadow a real BMF's
# (cmake/FramekitBmfCompat.cmake; consumers use framekit::bmf_compat / framekit-bmf.pc).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/framekit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT development FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/bmf ${PROJECT_SOURCE_DIR}/include/hmp
                  ${FRAMEKIT_BMF_CONFIG_DIR}/bmf ${FRAMEKIT_BMF_CONFIG_DIR}/hmp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/${FRAMEKIT_BMF_INCLUDE_SUBDIR}
  COMPONENT development FILES_MATCHING PATTERN "*.h")
install(TARGETS framekit_bmf_compat EXPORT framekit_bmf_compatTargets)
install(EXPORT framekit_bmf_compatTargets NAMESPACE framekit::
  DESTINATION ${FRAMEKIT_INSTALL_CMAKEDIR} COMPONENT development)

# --- CMake package ---------------------------------------------------------------
# What the config needs to find the dependencies of the exported interfaces again.
set(FRAMEKIT_BUILT_ADAPTERS ${_fk_adapters})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/framekitConfig.cmake.in
  ${CMAKE_BINARY_DIR}/cmake/framekitConfig.cmake
  INSTALL_DESTINATION ${FRAMEKIT_INSTALL_CMAKEDIR})
# 0.x: a new minor version may break the API, so only the same minor version matches.
write_basic_package_version_file(${CMAKE_BINARY_DIR}/cmake/framekitConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmake/framekitConfig.cmake
              ${CMAKE_BINARY_DIR}/cmake/framekitConfigVersion.cmake
  DESTINATION ${FRAMEKIT_INSTALL_CMAKEDIR} COMPONENT development)

include(${CMAKE_CURRENT_LIST_DIR}/FramekitPkgConfig.cmake)
