# Writes the marquee(1) man page from `marquee --help` and each verb's --help (cmake -P).
# -DMARQUEE=path of the built binary, -DOUT=file to write.
execute_process(COMMAND "${MARQUEE}" --help OUTPUT_VARIABLE overview RESULT_VARIABLE failed)
execute_process(COMMAND "${MARQUEE}" --version OUTPUT_VARIABLE version
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(failed OR overview STREQUAL "")
  message(FATAL_ERROR "${MARQUEE} --help failed: ${failed}")
endif()

# Preformatted help text as roff: backslashes and minus signs escaped, and no line may
# start with a control character.
function(as_roff text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "\n([.'])" "\n\\\\&\\1" text "\n${text}")
  set(${out} ".nf${text}.fi\n" PARENT_SCOPE)
endfunction()

# The verbs are the words under "Subcommands:".
string(REGEX MATCH "Subcommands:\n(( +[a-z]+ [^\n]*\n)+)" listing "${overview}")
string(REGEX MATCHALL "\n +[a-z]+" verbs "\n${CMAKE_MATCH_1}")
if(NOT verbs)
  message(FATAL_ERROR "no subcommands found in `marquee --help`")
endif()

as_roff("${overview}" page_overview)
set(page ".TH MARQUEE 1 \"\" \"${version}\" \"User Commands\"
.SH NAME
marquee \\- digital signage for conference screens
.SH SYNOPSIS
.B marquee
[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]
.SH DESCRIPTION
${page_overview}.SH COMMANDS
")
foreach(verb IN LISTS verbs)
  string(STRIP "${verb}" verb)
  execute_process(COMMAND "${MARQUEE}" ${verb} --help OUTPUT_VARIABLE help)
  as_roff("${help}" help)
  string(APPEND page ".SS ${verb}\n${help}")
endforeach()
string(APPEND page ".SH FILES
.TP
.I /etc/marquee/marquee.yaml
the screen's config: playlist, display, rotation, state folder, the AV desk's control server
.TP
.I /usr/share/marquee
the demo playlists, theme and assets
.TP
.I /var/lib/marquee
the player's state: the last-good copy of the show, and the operator log (holds, takeovers)
.SH SEE ALSO
.BR systemctl (1),
.BR journalctl (1)
")
file(WRITE "${OUT}" "${page}")
