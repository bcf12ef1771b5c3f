# Type information for the built package: a .pyi stub per module and the PEP 561 py.typed
# marker, written into ${FRAMEKIT_PY_DIR} by mypy's stubgen (python/gen_stubs.py, which
# also fixes what stubgen gets wrong). stubgen imports the built package, so it runs
# with the interpreter the extension was built for, after the extension and the
# pure-Python files are in place; it reruns when either changes. A stubgen failure fails
# the build.
# One stub per .py file, plus the extension and its submodule img (framekit.img).
set(FRAMEKIT_STUB_FILES ${FRAMEKIT_PY_DIR}/_framekit.pyi ${FRAMEKIT_PY_DIR}/img.pyi)
foreach(f ${py_files})
  string(REGEX REPLACE "\\.py$" ".pyi" stub ${f})
  list(APPEND FRAMEKIT_STUB_FILES ${FRAMEKIT_PY_DIR}/${stub})
endforeach()
add_custom_command(
  OUTPUT ${FRAMEKIT_PY_DIR}/py.typed ${FRAMEKIT_STUB_FILES}
  COMMAND ${CMAKE_COMMAND} -E env PYTHONPATH=${CMAKE_BINARY_DIR}/python
          ${Python_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/gen_stubs.py ${CMAKE_BINARY_DIR}/python
  # gen_stubs.py leaves unchanged stubs alone; touching keeps the outputs newer than
  # their inputs so that the rule does not rerun on every build.
  COMMAND ${CMAKE_COMMAND} -E touch ${FRAMEKIT_PY_DIR}/py.typed ${FRAMEKIT_STUB_FILES}
  DEPENDS _framekit ${py_outputs} ${CMAKE_CURRENT_SOURCE_DIR}/gen_stubs.py
  COMMENT "Generating the framekit type stubs (stubgen)"
  VERBATIM)
add_custom_target(framekit_stubs ALL DEPENDS ${FRAMEKIT_PY_DIR}/py.typed ${FRAMEKIT_STUB_FILES})
