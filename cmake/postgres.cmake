# The postgres-labelled tests: a throwaway PostgreSQL cluster in the build tree
# (tests/postgres/cluster.sh), started by the test postgres_cluster_start
# (FIXTURES_SETUP postgres) and stopped by postgres_cluster_stop
# (FIXTURES_CLEANUP), and
#
#   assoc_postgres_test(<name> <command> [args...])
#
# which registers <name> running the command with ASSOC_TEST_URL naming a
# fresh database of its own (tests/postgres/run.sh), label "postgres". Without
# the server binaries (apt-get install postgresql) every one is skipped with a
# message (exit code 77), not failed. Without the driver (no libpq) none is
# registered.

set(ASSOC_PG_DIR ${PROJECT_BINARY_DIR}/postgres)
set(ASSOC_PG_PORT 54329 CACHE STRING "Port number (the socket's name) of the postgres tests' cluster")
set(ASSOC_PG_SCRIPTS ${PROJECT_SOURCE_DIR}/tests/postgres)
find_program(ASSOC_PG_INITDB initdb
  PATHS /usr/lib/postgresql/15/bin /usr/lib/postgresql/16/bin /usr/lib/postgresql/17/bin
  NO_DEFAULT_PATH)
if(ASSOC_PG_INITDB)
  get_filename_component(ASSOC_PG_BINDIR ${ASSOC_PG_INITDB} DIRECTORY)
else()
  set(ASSOC_PG_BINDIR /usr/lib/postgresql/15/bin)
endif()

function(assoc_postgres_fixture)
  if(NOT ASSOC_HAVE_POSTGRES OR NOT ASSOC_TESTING)
    return()
  endif()
  if(ASSOC_PG_INITDB)
    message(STATUS "assoc: postgres tests: on a throwaway cluster (${ASSOC_PG_BINDIR})")
  else()
    message(STATUS "assoc: postgres tests: skipped (no initdb in ${ASSOC_PG_BINDIR}; apt-get install postgresql)")
  endif()
  add_test(NAME postgres_cluster_start
    COMMAND ${ASSOC_PG_SCRIPTS}/cluster.sh start ${ASSOC_PG_BINDIR} ${ASSOC_PG_DIR} ${ASSOC_PG_PORT})
  add_test(NAME postgres_cluster_stop
    COMMAND ${ASSOC_PG_SCRIPTS}/cluster.sh stop ${ASSOC_PG_BINDIR} ${ASSOC_PG_DIR} ${ASSOC_PG_PORT})
  set_tests_properties(postgres_cluster_start PROPERTIES FIXTURES_SETUP postgres LABELS postgres
    SKIP_RETURN_CODE 77 TIMEOUT 120)
  set_tests_properties(postgres_cluster_stop PROPERTIES FIXTURES_CLEANUP postgres LABELS postgres TIMEOUT 120)
endfunction()

function(assoc_postgres_test name)
  if(NOT ASSOC_HAVE_POSTGRES OR NOT ASSOC_TESTING)
    return()
  endif()
  string(TOLOWER "${name}" db)
  add_test(NAME ${name}
    COMMAND ${ASSOC_PG_SCRIPTS}/run.sh ${ASSOC_PG_BINDIR} ${ASSOC_PG_DIR} ${ASSOC_PG_PORT} ${db} ${ARGN})
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED postgres LABELS postgres
    SKIP_RETURN_CODE 77 TIMEOUT 300)
endfunction()
