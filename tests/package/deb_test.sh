#!/usr/bin/env bash
# Package test: builds the .deb with cpack (offline), installs it into a throwaway root with
# `dpkg --root`, checks files, user, units, conffile and the installed binary, then purges it.
# Usage: deb_test.sh BUILD_DIR VERSION. Needs root, as dpkg does; exits 77 (skipped) without.
set -euo pipefail
build=$1
version=$2
if ((EUID != 0)); then
  echo "deb_test: dpkg --root needs root (CI runs as root); skipped"
  exit 77
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/marquee-deb-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
root=$scratch/root
fail() {
  echo "deb_test: FAIL: $*" >&2
  exit 1
}
step() { echo "deb_test: $*"; }

# --- Build, with no network to reach: the package must come from what is on the machine.
offline=(unshare --net)
if "${offline[@]}" true 2>/dev/null; then
  step "cpack -G DEB, with no network"
else
  offline=()
  step "cpack -G DEB (unshare --net is not permitted here, so the network is not cut)"
fi
if ! "${offline[@]}" cpack --config "$build/CPackConfig.cmake" -G DEB -B "$scratch/out" \
  >"$scratch/cpack.log" 2>&1; then
  cat "$scratch/cpack.log"
  fail "cpack failed"
fi
deb=$scratch/out/marquee_${version}_$(dpkg --print-architecture).deb
[[ -f $deb ]] || fail "no $deb; cpack made: $(ls "$scratch/out")"
depends=$(dpkg-deb -f "$deb" Depends)
step "Depends: $depends"
depends_names=$(tr ',' '\n' <<<"$depends" | sed -E 's/^ *([^ (]+).*/\1/')
for lib in libsdl2-2.0-0 libvlc5 libyaml-cpp0.7 libsystemd0 libc6; do
  grep -qx "$lib" <<<"$depends_names" || fail "Depends lacks $lib: did dpkg-shlibdeps run?"
done

# --- A throwaway root that looks like a Debian 12 box: its base users and groups, systemd's
# targets (for systemd-analyze), and the package's dependencies as installed here, so dpkg
# checks Depends against real versions.
mkdir -p "$root"/etc "$root"/var/lib/dpkg/{info,updates,triggers} "$root"/lib/systemd/system
cp /etc/passwd /etc/group /etc/shadow /etc/gshadow "$root/etc/"
sed -i '/^marquee:/d' "$root"/etc/{passwd,group,shadow,gshadow}
cp /lib/systemd/system/*.target /lib/systemd/system/*.slice "$root/lib/systemd/system/"
: >"$root/var/lib/dpkg/available"
# A virtual package (libspdlog1.10-fmt9) is given by the installed package that provides it.
provider() {
  dpkg-query -W -f='${Package}\t${Provides}\n' |
    awk -F'\t' -v want="$1" '{ n = split($2, p, /, */); for (i = 1; i <= n; i++) {
      sub(/ .*/, "", p[i]); if (p[i] == want && !found) found = $1 } } END { print found }'
}
declare -A copied
for dep in $depends_names; do
  [[ $(dpkg-query -W -f='${Status}' "$dep" 2>/dev/null) == "install ok installed" ]] ||
    dep=$(provider "$dep")
  [[ -n $dep ]] || fail "a dependency is not installed on this machine: $depends"
  [[ -z ${copied[$dep]:-} ]] || continue
  copied[$dep]=1
  { dpkg-query -s "$dep" && echo; } >>"$root/var/lib/dpkg/status"
  : >"$root/var/lib/dpkg/info/$(dpkg-query -W -f='${binary:Package}' "$dep").list"
done
dpkg_root=(dpkg --root="$root" --force-script-chrootless --log=/dev/null)

step "dpkg --root -i"
"${dpkg_root[@]}" -i "$deb" >"$scratch/dpkg.log" 2>&1 || { cat "$scratch/dpkg.log"; fail "dpkg -i failed"; }
[[ $(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Status}' marquee) == "install ok installed" ]] ||
  fail "marquee is not installed in the root"

# --- Files.
files=$(dpkg-query --admindir="$root/var/lib/dpkg" -L marquee)
for f in /usr/bin/marquee /usr/share/man/man1/marquee.1.gz /etc/marquee/marquee.yaml \
  /lib/systemd/system/marquee.service /lib/systemd/system/marquee@.service \
  /usr/lib/sysusers.d/marquee.conf /usr/share/marquee/playlists/expo-hall.yaml \
  /usr/share/marquee/playlists/keynote-stage.yaml /usr/share/marquee/playlists/data/attendance.csv \
  /usr/share/marquee/themes/pytorch-conf-2024.yaml /usr/share/marquee/assets/images/venue-map.png \
  /usr/share/marquee/assets/video/pytorch-documentary-placeholder.mp4; do
  grep -qx "$f" <<<"$files" || fail "the package lacks $f"
  [[ -e $root$f ]] || fail "$f was not installed"
done
if grep -E '\.sh$|/src/|/build' <<<"$files"; then fail "the package holds build files"; fi
[[ -x $root/usr/bin/marquee ]] || fail "/usr/bin/marquee is not executable"
[[ $("$root/usr/bin/marquee" --version) == "marquee $version" ]] ||
  fail "installed marquee --version says '$("$root/usr/bin/marquee" --version)'"
step "installed marquee --version: $("$root/usr/bin/marquee" --version)"

# The demo's relative paths resolve inside /usr/share/marquee, and the shipped config with
# its playlist validates (its absolute paths moved into the root).
"$root/usr/bin/marquee" validate "$root"/usr/share/marquee/playlists/*.yaml \
  "$root/usr/share/marquee/themes/pytorch-conf-2024.yaml" >"$scratch/validate.log" 2>&1 ||
  { cat "$scratch/validate.log"; fail "the installed demo does not validate"; }
sed "s#/usr/share/marquee/#$root/usr/share/marquee/#" "$root/etc/marquee/marquee.yaml" \
  >"$scratch/marquee.yaml"
"$root/usr/bin/marquee" validate "$scratch/marquee.yaml" >"$scratch/validate.log" 2>&1 ||
  { cat "$scratch/validate.log"; fail "the installed /etc/marquee/marquee.yaml does not validate"; }
grep -q "ok (screen config; $root/usr/share/marquee/playlists/expo-hall.yaml: " "$scratch/validate.log" ||
  fail "validate did not check the config's playlist: $(cat "$scratch/validate.log")"

# --- The kiosk user: a system user without a login, in the GPU and input groups.
IFS=: read -r _ _ uid _ _ home shell < <(grep '^marquee:' "$root/etc/passwd") ||
  fail "no marquee user in the root's /etc/passwd"
((uid > 0 && uid < 1000)) || fail "marquee's uid $uid is not a system uid"
[[ $home == /var/lib/marquee && $shell == /usr/sbin/nologin ]] ||
  fail "marquee has home $home and shell $shell"
for group in video render input; do
  grep -qE "^$group:[^:]*:[0-9]+:(.*,)?marquee(,|$)" "$root/etc/group" ||
    fail "marquee is not in group $group"
done

# --- The units: clean for systemd-analyze verify (the man page it names included), enabled,
# with the settings the screen relies on, and "OK" or better for systemd-analyze security.
MANPATH=$root/usr/share/man systemd-analyze verify --root="$root" marquee.service \
  marquee@screen2.service >"$scratch/verify.log" 2>&1 ||
  { cat "$scratch/verify.log"; fail "systemd-analyze verify failed"; }
[[ ! -s $scratch/verify.log ]] || { cat "$scratch/verify.log"; fail "systemd-analyze verify warned"; }
[[ -L $root/etc/systemd/system/multi-user.target.wants/marquee.service ]] ||
  fail "marquee.service is not enabled"
unit=$root/lib/systemd/system/marquee.service
for setting in Type=notify Restart=always RestartSec=1 WatchdogSec=10 ProtectSystem=strict \
  StateDirectory=marquee NoNewPrivileges=yes PrivateTmp=yes User=marquee \
  "SupplementaryGroups=video render input" StandardOutput=journal \
  "ExecStart=/usr/bin/marquee play --config /etc/marquee/marquee.yaml --fullscreen --kiosk"; do
  grep -qx "$setting" "$unit" || fail "marquee.service lacks $setting"
done
grep -qx "ExecStart=/usr/bin/marquee play --config /etc/marquee/%i.yaml --fullscreen --kiosk" \
  "$root/lib/systemd/system/marquee@.service" || fail "marquee@.service does not play /etc/marquee/%i.yaml"
for name in marquee.service marquee@screen2.service; do
  # --threshold counts in tenths: "OK" ends at 4.9.
  if ! systemd-analyze security --offline=yes --root="$root" --threshold=49 "$name" \
    >"$scratch/security.log" 2>&1; then
    tail -1 "$scratch/security.log"
    fail "$name is exposed beyond OK"
  fi
  step "$(tail -1 "$scratch/security.log")"
done

# --- The conffile: listed, kept across a reinstall when edited, removed by purge.
dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Conffiles}' marquee |
  grep -q '^ /etc/marquee/marquee.yaml ' || fail "/etc/marquee/marquee.yaml is not a conffile"
sed -i 's/^rotate: 0$/rotate: 90/' "$root/etc/marquee/marquee.yaml"
"${dpkg_root[@]}" -i "$deb" >"$scratch/dpkg.log" 2>&1 </dev/null ||
  { cat "$scratch/dpkg.log"; fail "reinstalling failed"; }
grep -qx 'rotate: 90' "$root/etc/marquee/marquee.yaml" || fail "reinstalling lost the edited config"

step "dpkg --root --purge"
mkdir -p "$root/var/lib/marquee" && : >"$root/var/lib/marquee/last-good-0.json"
"${dpkg_root[@]}" --purge marquee >"$scratch/dpkg.log" 2>&1 ||
  { cat "$scratch/dpkg.log"; fail "purge failed"; }
for gone in /usr/bin/marquee /etc/marquee /usr/share/marquee /var/lib/marquee \
  /lib/systemd/system/marquee.service /etc/systemd/system/multi-user.target.wants/marquee.service; do
  [[ ! -e $root$gone && ! -L $root$gone ]] || fail "$gone is left after purge"
done
echo "deb_test: package built, installed, checked and purged"
