# What `cmake --install` puts where (docs/packaging.md): the public headers, the libraries
# with their CMake package (find_package(TallySync): TallySync::client, ::client_c,
# ::engine) and pkg-config files, the binaries, and tallyd's config, unit and man pages.
# Every rule names the Debian package (CPack component) it belongs to: cmake/TallyPackaging.cmake.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The archives an app links (and the ones they pull in) are position-independent, so a JNI or
# Swift shared library can be built on them, and libtallysync.so on the same objects.
set(TALLY_EXPORTED_ARCHIVES tally_engine tally_files tally_sqlite tally_http tally_net_runtime
                            tally_client)
set_target_properties(${TALLY_EXPORTED_ARCHIVES} PROPERTIES POSITION_INDEPENDENT_CODE ON)
foreach(archive ${TALLY_EXPORTED_ARCHIVES})
  string(REGEX REPLACE "^tally_" "" export_name ${archive})
  set_target_properties(${archive} PROPERTIES EXPORT_NAME ${export_name})
endforeach()
set_target_properties(tally_client_c PROPERTIES EXPORT_NAME client_c)
# Linked privately by the archives (build-time warnings only): in the export set because a
# static library's private links are part of its link interface; it carries no flags there.
set_target_properties(tally_warnings PROPERTIES EXPORT_NAME warnings)

install(TARGETS ${TALLY_EXPORTED_ARCHIVES} tally_warnings
  EXPORT TallySyncTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS tally_client_c
  EXPORT TallySyncTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT lib NAMELINK_COMPONENT dev)
# The public headers only: the engine's and the client's include/ trees (tally/...).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/engine/include/ ${PROJECT_SOURCE_DIR}/client/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)

set(TALLY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/TallySync)
install(EXPORT TallySyncTargets NAMESPACE TallySync:: DESTINATION ${TALLY_CMAKE_DIR}
  COMPONENT dev)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/TallySyncConfig.cmake.in
  ${PROJECT_BINARY_DIR}/TallySyncConfig.cmake INSTALL_DESTINATION ${TALLY_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/TallySyncConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/TallySyncConfig.cmake
              ${PROJECT_BINARY_DIR}/TallySyncConfigVersion.cmake
  DESTINATION ${TALLY_CMAKE_DIR} COMPONENT dev)

# pkg-config files find the prefix from their own place (${pcfiledir}), so an install
# into any prefix (or a test's temporary one) is right without a rebuild.
set(TALLY_PKGCONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH TALLY_PKGCONFIG_TO_PREFIX /${TALLY_PKGCONFIG_DIR} /)
foreach(pc tallysync tallysync++)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${TALLY_PKGCONFIG_DIR} COMPONENT dev)
endforeach()

install(TARGETS tallyd tally-offline RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tallyd)
install(TARGETS tally-officer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tally-officer)
