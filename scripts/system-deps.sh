#!/usr/bin/env bash
# Installs the Debian packages the app or the test suite needs, only when missing.
# `run`: Qt's xcb platform plugin libraries; `test`: poppler-utils to read PDFs back, Debian's
# chromium for the district web view's browser tests (Playwright drives it; no browser download),
# PostgreSQL's server binaries (the suite starts its own throwaway cluster on a loopback port),
# and gettext for `msgfmt -c`, which checks both translation catalogs.
set -euo pipefail
want=()
need() { dpkg -s "$1" >/dev/null 2>&1 || want+=("$1"); }
case "${1:-test}" in
  run)  for p in libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libegl1 libfontconfig1; do need "$p"; done ;;
  test) for p in poppler-utils gettext libegl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3 chromium fonts-dejavu-core; do need "$p"; done
        ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || want+=(postgresql) ;;
esac
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${want[*]} (install them with apt-get as root)" >&2
  exit 0
fi
echo "Installing system packages: ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
