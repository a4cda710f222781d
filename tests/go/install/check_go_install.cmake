# Install libassoc into a scratch prefix, copy the Go module (bindings/go)
# alone next to it, and build and run a consumer program (tests/go/install)
# whose go.mod replaces the module by that copy: nothing of the checkout or
# the build tree is reachable, pkg-config names only the installed assoc.pc,
# and a `swig` that fails is first on PATH (the module carries its wrapper).
# GO_CACHE (the build's go cache) saves compiling the standard library again;
# the copied module, at another path, is compiled afresh. GOPROXY=off.
#
#   cmake -DBUILD_DIR=<build> -DWORK_DIR=<scratch> -DMODULE_DIR=<bindings/go>
#         -DPROGRAM_DIR=<tests/go/install> -DGO=<go> [-DGO_CACHE=<dir>] -P check_go_install.cmake
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

# The module alone, and the consumer beside it.
file(COPY ${MODULE_DIR}/ DESTINATION ${WORK_DIR}/module PATTERN CMakeLists.txt EXCLUDE)
file(COPY ${PROGRAM_DIR}/main.go ${PROGRAM_DIR}/go.mod DESTINATION ${WORK_DIR}/consumer)
file(GLOB swig_inputs ${WORK_DIR}/module/*.swig ${WORK_DIR}/module/*/*/*.swig)
if(swig_inputs)
  message(FATAL_ERROR "the module has SWIG inputs the go tool would need swig for: ${swig_inputs}")
endif()

file(WRITE ${WORK_DIR}/bin/swig "#!/bin/sh\necho 'swig must not be needed to build the module' >&2\nexit 1\n")
file(CHMOD ${WORK_DIR}/bin/swig PERMISSIONS OWNER_READ OWNER_EXECUTE)
set(ENV{PATH} "${WORK_DIR}/bin:$ENV{PATH}")
set(ENV{PKG_CONFIG_PATH} ${pcdir})
unset(ENV{PKG_CONFIG_LIBDIR})
unset(ENV{LD_LIBRARY_PATH})
set(ENV{CGO_ENABLED} 1)
set(ENV{CGO_CFLAGS} "-g -O2")
# assoc.pc has no rpath: the program records the prefix's lib directory.
set(ENV{CGO_LDFLAGS} "-g -O2 -Wl,-rpath,${libdir}")
if(NOT GO_CACHE)
  set(GO_CACHE ${WORK_DIR}/go-cache)
endif()
set(ENV{GOCACHE} ${GO_CACHE})
set(ENV{GOPATH} ${WORK_DIR}/gopath)
set(ENV{GOFLAGS} "-modcacherw -mod=mod")
set(ENV{GOPROXY} off)
set(ENV{GOSUMDB} off)
set(ENV{GOWORK} off)
set(ENV{GO111MODULE} on)

execute_process(COMMAND ${GO} mod edit
    -replace=github.com/assoc-project/assoc/bindings/go=${WORK_DIR}/module
  WORKING_DIRECTORY ${WORK_DIR}/consumer RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc)
  message(FATAL_ERROR "go mod edit failed:\n${err}")
endif()
execute_process(COMMAND ${GO} build -o ${WORK_DIR}/program .
  WORKING_DIRECTORY ${WORK_DIR}/consumer
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc)
  message(FATAL_ERROR "go build of the copied module against the installed libassoc failed:\n${out}${err}")
endif()

# It must use the installed library, not the build tree's.
execute_process(COMMAND ldd ${WORK_DIR}/program OUTPUT_VARIABLE deps)
string(REGEX MATCH "libassoc[^\n]*" libassoc_line "${deps}")
if(NOT libassoc_line MATCHES "${libdir}")
  message(FATAL_ERROR "the program does not load the installed libassoc: ${libassoc_line}")
endif()

execute_process(COMMAND ${WORK_DIR}/program RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc OR NOT out MATCHES "^\\*assoc\\.Error ASSOC_EEXISTS\nassoc [0-9]+\\.[0-9]+\\.[0-9]+: \\[.cheese-inspector., .snack-ninja.\\], 2 association rows\n$")
  message(FATAL_ERROR "the program failed (${rc}):\n${out}${err}")
endif()
message(STATUS "the Go module, copied alone, works against the installed libassoc (${libassoc_line})")
