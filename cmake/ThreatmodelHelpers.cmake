# Helpers that give every module the same shape: one static library per
# module (threatmodel::<name>), warnings as errors on our own code only, and a
# GoogleTest binary per module registered with ctest.

set(THREATMODEL_WARNINGS -Wall -Wextra -Wpedantic -Werror -Wno-unused-parameter)

# threatmodel_cc_library(NAME n SRCS ... [DEPS ...] [PUBLIC_DEPS ...])
function(threatmodel_cc_library)
  cmake_parse_arguments(TM "" "NAME" "SRCS;DEPS;PUBLIC_DEPS" ${ARGN})
  add_library(tm_${TM_NAME} STATIC ${TM_SRCS})
  add_library(threatmodel::${TM_NAME} ALIAS tm_${TM_NAME})
  target_include_directories(tm_${TM_NAME}
    PUBLIC ${PROJECT_SOURCE_DIR}/include
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(tm_${TM_NAME} PRIVATE ${THREATMODEL_WARNINGS})
  target_link_libraries(tm_${TM_NAME} PUBLIC ${TM_PUBLIC_DEPS} PRIVATE ${TM_DEPS})
endfunction()

# threatmodel_cc_test(NAME n SRCS ... [DEPS ...])
function(threatmodel_cc_test)
  cmake_parse_arguments(TM "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${TM_NAME} ${TM_SRCS})
  target_include_directories(${TM_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src
    ${PROJECT_SOURCE_DIR}/tests)
  target_compile_options(${TM_NAME} PRIVATE ${THREATMODEL_WARNINGS})
  target_compile_definitions(${TM_NAME} PRIVATE
    THREATMODEL_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    THREATMODEL_SHARED_DIR="${THREATMODEL_SHARED_DIR}")
  target_link_libraries(${TM_NAME} PRIVATE ${TM_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${TM_NAME} DISCOVERY_TIMEOUT 60)
endfunction()
