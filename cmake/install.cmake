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

# A relocatable assoc.pc: the prefix is found from where the file is installed.
file(RELATIVE_PATH ASSOC_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file(${PROJECT_SOURCE_DIR}/cmake/assoc.pc.in ${PROJECT_BINARY_DIR}/assoc.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/assoc.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The build tree's own assoc-uninstalled.pc, so that the bindings' builds and
# tests find the library through pkg-config exactly as users do.
set(ASSOC_PKG_CONFIG_PATH ${PROJECT_BINARY_DIR}/pkgconfig CACHE INTERNAL
    "PKG_CONFIG_PATH under which pkg-config finds the build tree's libassoc")
configure_file(${PROJECT_SOURCE_DIR}/cmake/assoc-uninstalled.pc.in
  ${PROJECT_BINARY_DIR}/assoc-uninstalled.pc.gen @ONLY)
file(GENERATE OUTPUT ${ASSOC_PKG_CONFIG_PATH}/assoc-uninstalled.pc
  INPUT ${PROJECT_BINARY_DIR}/assoc-uninstalled.pc.gen)
