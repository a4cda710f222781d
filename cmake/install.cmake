# Installs the library, its headers, assoc.pc and a CMake package (assoc::assoc).
include(CMakePackageConfigHelpers)

install(TARGETS assoc EXPORT assocTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/core/include/assoc.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/core/include/assoc DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT assocTargets NAMESPACE assoc:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/assoc)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/assocConfig.cmake.in
  ${PROJECT_BINARY_DIR}/assocConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/assoc)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/assocConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/assocConfig.cmake ${PROJECT_BINARY_DIR}/assocConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/assoc)

# assoc.pc names the prefix it is installed under, as an absolute path with no
# "..", written at install time so that `cmake --install --prefix P` gets P.
install(CODE "
  set(PROJECT_VERSION \"${PROJECT_VERSION}\")
  set(CMAKE_INSTALL_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(CMAKE_INSTALL_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  get_filename_component(ASSOC_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\" ABSOLUTE)
  configure_file(\"${PROJECT_SOURCE_DIR}/cmake/assoc.pc.in\"
    \"\$ENV{DESTDIR}\${ASSOC_PC_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig/assoc.pc\" @ONLY)
  message(STATUS \"Installing: \$ENV{DESTDIR}\${ASSOC_PC_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig/assoc.pc\")
")

# The build tree's own assoc-uninstalled.pc, so that the bindings' builds and
# tests find the library through pkg-config exactly as users do.
set(ASSOC_PKG_CONFIG_PATH ${PROJECT_BINARY_DIR}/pkgconfig CACHE INTERNAL
    "PKG_CONFIG_PATH under which pkg-config finds the build tree's libassoc")
configure_file(${PROJECT_SOURCE_DIR}/cmake/assoc-uninstalled.pc.in
  ${PROJECT_BINARY_DIR}/assoc-uninstalled.pc.gen @ONLY)
file(GENERATE OUTPUT ${ASSOC_PKG_CONFIG_PATH}/assoc-uninstalled.pc
  INPUT ${PROJECT_BINARY_DIR}/assoc-uninstalled.pc.gen)
