# The part go_wrapper.cmake and ruby_wrapper.cmake share: compare the files
# just generated in WORK_DIR with those committed in out_dir (CHECK=ON: fail
# when stale, SKIP when another SWIG version made them), or copy them there.
#
#   committed_wrapper_finish(<what> <target> <out_dir> <version_file> <files...>)
#
# what names the wrapper in messages ("Go"), target the build target that
# regenerates it, version_file the file whose " * Version " line names SWIG's.
# Reads CHECK, WORK_DIR, remove_work and SOURCE_DIR from the calling script.
function(committed_wrapper_finish what target out_dir version_file)
  set(files ${ARGN})
  file(RELATIVE_PATH out_rel ${SOURCE_DIR} ${out_dir})
  if(CHECK)
    set(stale)
    foreach(f IN LISTS files)
      if(NOT EXISTS ${out_dir}/${f})
        list(APPEND stale ${f})
        continue()
      endif()
      file(READ ${out_dir}/${f} committed)
      file(READ ${WORK_DIR}/${f} fresh)
      if(NOT committed STREQUAL fresh)
        list(APPEND stale ${f})
      endif()
    endforeach()
    if(stale)
      file(STRINGS ${out_dir}/${version_file} committed_version REGEX "^ \\* Version " LIMIT_COUNT 1)
      file(STRINGS ${WORK_DIR}/${version_file} fresh_version REGEX "^ \\* Version " LIMIT_COUNT 1)
      if(committed_version AND NOT committed_version STREQUAL fresh_version)
        if(remove_work)
          file(REMOVE_RECURSE ${WORK_DIR})
        endif()
        message(FATAL_ERROR "SKIP: the committed ${what} wrapper was made by SWIG${committed_version}, "
          "this is SWIG${fresh_version}")
      endif()
      message(FATAL_ERROR "${out_rel}: ${stale} out of date with swig/ and core/include "
        "(compare ${WORK_DIR}); regenerate with `cmake --build <build> --target ${target}` and commit")
    endif()
    message(STATUS "the committed ${what} wrapper is current")
  else()
    foreach(f IN LISTS files)
      file(COPY_FILE ${WORK_DIR}/${f} ${out_dir}/${f} ONLY_IF_DIFFERENT)
    endforeach()
    message(STATUS "wrote ${out_rel}: ${files}")
  endif()
  if(remove_work)
    file(REMOVE_RECURSE ${WORK_DIR})
  endif()
endfunction()
