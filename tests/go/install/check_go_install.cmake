# Install libassoc into a scratch prefix, then build and run a Go program
# using the module (tests/go/install, with a replace to bindings/go) with
# PKG_CONFIG_PATH naming the installed assoc.pc and nothing of the build
# tree: SWIG takes assoc's headers from the prefix, cgo links the prefix's
# library. A fresh go cache makes it compile everything here.
#
#   cmake -DBUILD_DIR=<build> -DWORK_DIR=<scratch> -DPROGRAM_DIR=<tests/go/install>
#         -DGO=<go> -P check_go_install.cmake
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix}
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "cmake --install failed")
endif()
file(GLOB pc ${prefix}/lib*/pkgconfig/assoc.pc)
if(NOT pc)
  message(FATAL_ERROR "assoc.pc not installed")
endif()
get_filename_component(pcdir ${pc} DIRECTORY)
get_filename_component(libdir ${pcdir} DIRECTORY)

set(ENV{PKG_CONFIG_PATH} ${pcdir})
unset(ENV{PKG_CONFIG_LIBDIR})
unset(ENV{LD_LIBRARY_PATH})
set(ENV{CGO_ENABLED} 1)
set(ENV{CGO_CFLAGS} "-g -O2")
# assoc.pc has no rpath: the program records the prefix's lib directory.
set(ENV{CGO_LDFLAGS} "-g -O2 -Wl,-rpath,${libdir}")
set(ENV{GOCACHE} ${WORK_DIR}/go-cache)
set(ENV{GOPATH} ${WORK_DIR}/gopath)
set(ENV{GOFLAGS} -modcacherw)
set(ENV{GOPROXY} off)
set(ENV{GOWORK} off)

execute_process(COMMAND ${GO} build -o ${WORK_DIR}/program .
  WORKING_DIRECTORY ${PROGRAM_DIR}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc)
  message(FATAL_ERROR "go build against the installed libassoc failed:\n${out}${err}")
endif()

# It must use the installed library, not the build tree's.
execute_process(COMMAND ldd ${WORK_DIR}/program OUTPUT_VARIABLE deps)
string(REGEX MATCH "libassoc[^\n]*" libassoc_line "${deps}")
if(NOT libassoc_line MATCHES "${libdir}")
  message(FATAL_ERROR "the program does not load the installed libassoc: ${libassoc_line}")
endif()

execute_process(COMMAND ${WORK_DIR}/program RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc OR NOT out MATCHES "^assoc [0-9]+\\.[0-9]+\\.[0-9]+: \\[.cheese-inspector., .snack-ninja.\\], 2 association rows\n$")
  message(FATAL_ERROR "the program failed (${rc}):\n${out}${err}")
endif()
message(STATUS "the Go module works against the installed libassoc (${libassoc_line})")
