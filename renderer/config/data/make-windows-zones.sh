#!/usr/bin/env bash
# Regenerates windows-zones.tsv (Windows zone name -> IANA zone) from CLDR's windowsZones.xml in Debian's unicode-cldr-core.
# The package installs 230 MB of CLDR data, so it is downloaded and unpacked here, not installed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out="$here/windows-zones.tsv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

xml=/usr/share/unicode/cldr/common/supplemental/windowsZones.xml
if [[ -f "$xml" ]]; then
  version=$(dpkg-query -W -f='${Version}' unicode-cldr-core 2>/dev/null || echo installed)
else
  (cd "$work" && apt-get download unicode-cldr-core >/dev/null)
  deb=$(ls "$work"/unicode-cldr-core_*.deb)
  version=$(dpkg-deb -f "$deb" Version)
  dpkg-deb -x "$deb" "$work/root"
  xml="$work/root$xml"
fi

# The file lists, per Windows zone, a comment with its display name, then one mapZone per
# territory; territory 001 is CLDR's "golden" zone for the Windows name. Both the name and
# the display name map to it: Outlook writes either as a TZID.
{
  echo "# Windows time zone names and display names -> IANA zones, territory 001 of CLDR's"
  echo "# windowsZones.xml ($(grep -o 'typeVersion="[^"]*"' "$xml" | head -1), $(grep -o 'otherVersion="[^"]*"' "$xml" | head -1))"
  echo "# from Debian's unicode-cldr-core $version; regenerate with make-windows-zones.sh."
  echo "# CLDR data: Copyright Unicode, Inc.; terms of use: https://www.unicode.org/copyright.html"
  awk '
    /<!--.*\(UTC.*-->/ { display = $0; sub(/^[ \t]*<!--[ \t]*/, "", display); sub(/[ \t]*-->.*$/, "", display); next }
    /<mapZone / && /territory="001"/ {
      other = $0; sub(/.*other="/, "", other); sub(/".*/, "", other)
      type = $0; sub(/.*type="/, "", type); sub(/".*/, "", type)
      print other "\t" type
      if (display != "") print display "\t" type
      display = ""
    }
  ' "$xml"
} >"$out"
echo "wrote $out ($(grep -vc '^#' "$out") names)"
