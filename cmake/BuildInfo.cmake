# tally::build_info: the header tally/build_info.hpp with the project version and the git
# commit the binaries were built from, for every tool's --version and tallyd's
# tally_build_info metric. The commit is read at build time, not only at configure time, and
# the header is rewritten only when its text changes, so a new commit rebuilds just the few
# files that include it.
set(TALLY_BUILD_INFO_DIR ${PROJECT_BINARY_DIR}/generated/build_info)
set(TALLY_BUILD_INFO_HEADER ${TALLY_BUILD_INFO_DIR}/tally/build_info.hpp)

add_custom_target(tally_build_info_header
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DOUTPUT=${TALLY_BUILD_INFO_HEADER}
          -DVERSION=${PROJECT_VERSION} -P ${CMAKE_CURRENT_LIST_DIR}/WriteBuildInfo.cmake
  BYPRODUCTS ${TALLY_BUILD_INFO_HEADER}
  COMMENT "Reading the git commit for tally/build_info.hpp"
  VERBATIM)

add_library(tally_build_info INTERFACE)
add_library(tally::build_info ALIAS tally_build_info)
target_include_directories(tally_build_info INTERFACE $<BUILD_INTERFACE:${TALLY_BUILD_INFO_DIR}>)
add_dependencies(tally_build_info tally_build_info_header)
