# The Debian packages (cpack -G DEB; scripts/package.sh, docs/packaging.md): tallyd (server,
# unit, config, man page), libtallysync0 (libtallysync.so.0), libtallysync-dev (headers, .so
# link, static C++ libraries, CMake and pkg-config files) and tally-officer.
set(TALLY_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/server/packaging)
set(TALLY_DEBIAN_DIR ${CMAKE_CURRENT_LIST_DIR}/debian)
set(TALLY_DEB_RELEASE 1)
set(TALLY_DEB_VERSION ${PROJECT_VERSION}-${TALLY_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "TallySync team <tallysync@example.org>")
set(TALLY_DEB_DATE "Fri, 04 Dec 2026 00:00:00 +0000")

# The system paths of the packaged service: /etc and /lib under the /usr prefix, inside the
# prefix otherwise (a test's temporary install).
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(TALLY_UNIT_DIR /lib/systemd/system)
else()
  set(TALLY_UNIT_DIR lib/systemd/system)
endif()
install(FILES ${TALLY_PACKAGING_DIR}/tallyd.conf
  DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/tallysync COMPONENT tallyd)
install(FILES ${TALLY_PACKAGING_DIR}/tallyd.service DESTINATION ${TALLY_UNIT_DIR} COMPONENT tallyd)

# Man pages and Debian changelogs, gzip'd without a timestamp (reproducible, as lintian asks).
function(tally_gzip source output)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source})
  execute_process(COMMAND gzip -9nc ${source} OUTPUT_FILE ${output} COMMAND_ERROR_IS_FATAL ANY)
endfunction()
set(TALLY_DEB_OUT ${PROJECT_BINARY_DIR}/debian)
file(MAKE_DIRECTORY ${TALLY_DEB_OUT})
tally_gzip(${TALLY_PACKAGING_DIR}/tallyd.8 ${TALLY_DEB_OUT}/tallyd.8.gz)
tally_gzip(${PROJECT_SOURCE_DIR}/client/packaging/tally-officer.1 ${TALLY_DEB_OUT}/tally-officer.1.gz)
install(FILES ${TALLY_DEB_OUT}/tallyd.8.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man8 COMPONENT tallyd)
install(FILES ${TALLY_DEB_OUT}/tally-officer.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
  COMPONENT officer)
configure_file(${TALLY_DEBIAN_DIR}/changelog.in ${TALLY_DEB_OUT}/changelog.Debian @ONLY)
tally_gzip(${TALLY_DEB_OUT}/changelog.Debian ${TALLY_DEB_OUT}/changelog.Debian.gz)

set(CPACK_COMPONENTS_ALL tallyd lib dev officer)
foreach(component ${CPACK_COMPONENTS_ALL})
  set(package_of_tallyd tallyd)
  set(package_of_lib libtallysync0)
  set(package_of_dev libtallysync-dev)
  set(package_of_officer tally-officer)
  string(TOUPPER ${component} upper)
  set(CPACK_DEBIAN_${upper}_PACKAGE_NAME ${package_of_${component}})
  install(FILES ${TALLY_DEBIAN_DIR}/copyright ${TALLY_DEB_OUT}/changelog.Debian.gz
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package_of_${component}} COMPONENT ${component})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_PACKAGE_NAME tallysync)
set(CPACK_PACKAGE_VENDOR "TallySync")
set(CPACK_PACKAGE_CONTACT ${CPACK_DEBIAN_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_HOMEPAGE_URL "https://tallysync.example.org")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${TALLY_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_TALLYD_PACKAGE_SECTION net)
set(CPACK_DEBIAN_TALLYD_PACKAGE_DEPENDS adduser)
set(CPACK_DEBIAN_TALLYD_PACKAGE_CONTROL_EXTRA
  ${TALLY_PACKAGING_DIR}/debian/postinst ${TALLY_PACKAGING_DIR}/debian/prerm
  ${TALLY_PACKAGING_DIR}/debian/postrm ${TALLY_PACKAGING_DIR}/debian/conffiles)
set(CPACK_DEBIAN_TALLYD_DESCRIPTION "offline-first sync server for election-night tallies
tallyd is the authoritative server of TallySync: polling-station devices sync
their counts with it over a WebSocket, and operators read the tally, the
progress and the conflicts over HTTPS on the same port. Every accepted
operation is stored durably and in a signed, hash-chained audit log.
This package holds tallyd, the offline verifier tally-offline, a hardened
systemd unit running as the tallysync user and /etc/tallysync/tallyd.conf.")
set(CPACK_DEBIAN_LIB_PACKAGE_SECTION libs)
# ldconfig as a dpkg trigger (what lintian asks for), not CPack's ldconfig calls.
set(CPACK_DEBIAN_LIB_PACKAGE_CONTROL_EXTRA ${TALLY_DEBIAN_DIR}/triggers)
set(CPACK_DEBIAN_LIB_DESCRIPTION "TallySync client library (C API, shared)
libtallysync is the client library of TallySync, an offline-first sync of
election-night tallies: a device's local store, its edits checked against the
form schema, and their sync with tallyd. This package holds libtallysync.so.0,
whose C API serves mobile apps through JNI or Swift and any C FFI.")
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "libtallysync0 (= ${TALLY_DEB_VERSION}), libboost-json1.81-dev, libboost-url1.81-dev, libssl-dev, libsqlite3-dev, libcereal-dev")
set(CPACK_DEBIAN_DEV_DESCRIPTION "TallySync client library (development files)
The headers of the C API (tally/tally_c.h) and of the C++ client library and
engine, the libtallysync.so link, the static C++ libraries, the CMake package
(find_package(TallySync)) and the pkg-config files tallysync and tallysync++.")
set(CPACK_DEBIAN_OFFICER_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_OFFICER_DESCRIPTION "TallySync device on the command line
tally-officer keeps a polling-station device's local store and syncs it with a
tallyd server: counts are entered and submitted offline and reach the server
when the network allows. It uses the same client library as the mobile app.")
include(CPack)
