# Static linking of third-party libraries for release binaries. Terraform
# runs providers on machines (HCP Terraform, CI runners) that do not have
# Debian's gRPC, protobuf, Abseil or OpenSSL, so the release provider and CLI
# carry them inside and depend on glibc alone.
#
# Debian ships static archives beside the shared libraries. The package
# config files describe imported targets pointing at the .so files; this
# swaps every imported location for the .a beside it, keeping the targets'
# transitive link interfaces (which already name every dependency).

set(OPENSSL_USE_STATIC_LIBS TRUE)
set(Protobuf_USE_STATIC_LIBS ON)
set(ZLIB_USE_STATIC_LIBS ON)

function(_threatmodel_static_location target property)
  get_target_property(location ${target} ${property})
  if(NOT location OR NOT location MATCHES "\\.so(\\.[0-9]+)*$")
    return()
  endif()
  get_filename_component(dir "${location}" DIRECTORY)
  get_filename_component(name "${location}" NAME)
  string(REGEX REPLACE "\\.so(\\.[0-9]+)*$" ".a" archive_name "${name}")
  if(EXISTS "${dir}/${archive_name}")
    set_target_properties(${target} PROPERTIES ${property} "${dir}/${archive_name}")
  endif()
endfunction()

# Some targets (re2 found through pkg-config) carry "-lname" flags instead
# of locations; point those at the archive.
function(_threatmodel_static_flags target)
  get_target_property(items ${target} INTERFACE_LINK_LIBRARIES)
  if(NOT items)
    return()
  endif()
  set(rewritten)
  foreach(item IN LISTS items)
    if(item MATCHES "^-l(.+)$")
      set(archive_var "THREATMODEL_STATIC_${CMAKE_MATCH_1}")
      find_library(${archive_var} NAMES lib${CMAKE_MATCH_1}.a)
      if(${archive_var})
        set(item "${${archive_var}}")
      endif()
    endif()
    list(APPEND rewritten "${item}")
  endforeach()
  set_target_properties(${target} PROPERTIES INTERFACE_LINK_LIBRARIES "${rewritten}")
endfunction()

# Call after every find_package.
function(threatmodel_use_static_archives)
  get_property(targets DIRECTORY "${PROJECT_SOURCE_DIR}" PROPERTY IMPORTED_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "INTERFACE_LIBRARY")
      _threatmodel_static_flags(${target})
      continue()
    endif()
    if(NOT type MATCHES "SHARED_LIBRARY|UNKNOWN_LIBRARY")
      continue()
    endif()
    if(target MATCHES "^GTest::")
      continue()
    endif()
    foreach(property IMPORTED_LOCATION IMPORTED_LOCATION_NONE
        IMPORTED_LOCATION_RELEASE IMPORTED_LOCATION_DEBUG
        IMPORTED_LOCATION_RELWITHDEBINFO IMPORTED_LOCATION_NOCONFIG)
      _threatmodel_static_location(${target} ${property})
    endforeach()
    if(type STREQUAL "SHARED_LIBRARY")
      # An imported SHARED target with an archive location would still be
      # passed to the linker as a shared library; UNKNOWN links by path.
      set_target_properties(${target} PROPERTIES IMPORTED_NO_SONAME TRUE)
    endif()
  endforeach()
  add_link_options(-static-libstdc++ -static-libgcc)
endfunction()
