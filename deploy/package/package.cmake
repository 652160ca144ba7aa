# The Debian package (`cpack -G DEB`): the binary, the demo content, the screen config, the
# systemd units, the kiosk user and a man page made from --help. Included by the top level.
set(package_dir ${PROJECT_SOURCE_DIR}/deploy/package)

install(TARGETS marquee RUNTIME DESTINATION bin)
# The demo keeps its layout, so the playlists' ../themes and ../assets paths resolve and
# /usr/share/marquee is their content root.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/playlists ${PROJECT_SOURCE_DIR}/themes
        DESTINATION share/marquee PATTERN ".soak-*" EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/images ${PROJECT_SOURCE_DIR}/assets/video
        DESTINATION share/marquee/assets PATTERN "*.sh" EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/marquee.yaml DESTINATION /etc/marquee)
install(FILES ${package_dir}/marquee.sysusers DESTINATION /usr/lib/sysusers.d
        RENAME marquee.conf)

# One source for both units: marquee.service plays /etc/marquee/marquee.yaml, and
# marquee@NAME.service plays /etc/marquee/NAME.yaml, for a box driving two screens.
set(UNIT_WHAT "a screen")
set(UNIT_INSTANCE "")
set(UNIT_CONFIG "marquee")
configure_file(${package_dir}/marquee.service.in ${PROJECT_BINARY_DIR}/marquee.service @ONLY)
set(UNIT_WHAT "one of a box's screens (instance: the config's name)")
set(UNIT_INSTANCE " %i")
set(UNIT_CONFIG "%i")
configure_file(${package_dir}/marquee.service.in ${PROJECT_BINARY_DIR}/marquee@.service @ONLY)
# Debian 12 keeps units in /lib/systemd/system (pkg-config's systemdsystemunitdir).
install(FILES ${PROJECT_BINARY_DIR}/marquee.service ${PROJECT_BINARY_DIR}/marquee@.service
        DESTINATION /lib/systemd/system)

add_custom_command(
  OUTPUT ${PROJECT_BINARY_DIR}/marquee.1.gz
  COMMAND ${CMAKE_COMMAND} -DMARQUEE=$<TARGET_FILE:marquee> -DOUT=${PROJECT_BINARY_DIR}/marquee.1
          -P ${package_dir}/man-page.cmake
  COMMAND gzip -9nf ${PROJECT_BINARY_DIR}/marquee.1
  DEPENDS marquee ${package_dir}/man-page.cmake
  COMMENT "Writing the marquee(1) man page from --help")
add_custom_target(man_page ALL DEPENDS ${PROJECT_BINARY_DIR}/marquee.1.gz)
install(FILES ${PROJECT_BINARY_DIR}/marquee.1.gz DESTINATION share/man/man1)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME marquee)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "marquee developers <marquee@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "digital signage for conference screens")
set(CPACK_PACKAGE_DESCRIPTION
    "A fullscreen renderer that cycles YAML playlists of slides on a console with no X\n(KMSDRM), run by systemd as the marquee user. Comes with a demo playlist.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # marquee_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_STRIP_FILES ON)
# Libraries are found by dpkg-shlibdeps; these are what the binary needs but does not link:
# systemd (sysusers, the units), libvlc's decoders, the demo theme's font and a fallback,
# and the time zone database.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd, vlc-plugin-base, fonts-inter, fonts-dejavu-core, tzdata")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${package_dir}/postinst ${package_dir}/prerm ${package_dir}/postrm ${package_dir}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The package's files are only those installed above; the build tree's other targets
# (tests, benches) have no install rules.
include(CPack)
