# What `cmake --install <build> --prefix DIR` puts in DIR besides the two
# programs (their install(TARGETS) rules sit beside the targets in src/cmd
# and src/cli):
#
#   DIR/bin/terraform-provider-threatmodel, DIR/bin/threatmodel
#   DIR/share/doc/terraform-provider-threatmodel/{README.md,LICENSE,...}
#   DIR/share/doc/terraform-provider-threatmodel/docs/   (registry docs, rules)
#
# A plain `bin/` install suits the CLI. Terraform does not look in bin/ for
# providers: users who install that way point a dev_overrides block at
# DIR/bin, or use the release zips with a filesystem mirror (RELEASING.md).
include(GNUInstallDirs)

install(FILES
    ${PROJECT_SOURCE_DIR}/README.md
    ${PROJECT_SOURCE_DIR}/LICENSE
    ${PROJECT_SOURCE_DIR}/CHANGELOG.md
    ${PROJECT_SOURCE_DIR}/SECURITY.md
  DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/
  DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
