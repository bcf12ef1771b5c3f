# Install-time half of the wheel layout (see python/CMakeLists.txt): run by
# `cmake --install` for the `python` component, after the package itself is installed.
if(NOT (FRAMEKIT_WHEEL_LAYOUT_DEFAULT OR "$ENV{FRAMEKIT_WHEEL_LAYOUT}"))
  return()
endif()

if(IS_ABSOLUTE "${framekit_py_install_dir}")
  set(pkg "$ENV{DESTDIR}${framekit_py_install_dir}")
else()
  set(pkg "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${framekit_py_install_dir}")
endif()

# The SONAME file as a real file (a wheel cannot hold a symlink), found by _framekit
# and the CLI through $ORIGIN. It needs no RUNPATH of its own: its dependencies are
# system libraries.
file(INSTALL "${framekit_wheel_lib}" DESTINATION "${pkg}" RENAME "${framekit_wheel_soname}")
file(RPATH_REMOVE FILE "${pkg}/${framekit_wheel_soname}")
file(RPATH_SET FILE "${pkg}/${framekit_wheel_module}" NEW_RPATH "$ORIGIN")

if(framekit_wheel_cli)
  file(INSTALL "${framekit_wheel_cli}" DESTINATION "${pkg}/bin" USE_SOURCE_PERMISSIONS)
  get_filename_component(cli_name "${framekit_wheel_cli}" NAME)
  file(RPATH_SET FILE "${pkg}/bin/${cli_name}" NEW_RPATH "$ORIGIN/..")
endif()
