#!/usr/bin/env bash
# Sourced by .ci/run before `make test`: install headless Chromium and its driver from Debian's
# packages for the browser tests (tests/web/test_browser.py). Nothing is downloaded outside apt.
#
# It must never fail the CI run (it is sourced under `set -euo pipefail`): when Chromium cannot be
# installed, it says why on stderr and returns, and the browser tests skip saying so.

_swcr_log() { echo "chromium.sh: $*" >&2; }

_swcr_install() {
  if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != 0 ]; then _swcr_log "Chromium is not installed and this is not root: cannot apt-get it"; return 1; fi
  if ! command -v apt-get >/dev/null 2>&1; then _swcr_log "Chromium is not installed and apt-get is unavailable"; return 1; fi
  _swcr_log "installing chromium and chromium-driver with apt-get"
  if ! DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1; then
    _swcr_log "apt-get update failed (no network or no apt sources?)"; return 1
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null 2>&1; then
    _swcr_log "apt-get install chromium chromium-driver failed"; return 1
  fi
}

if _swcr_install; then
  _swcr_log "browser tests will run with $(command -v chromium)"
else
  _swcr_log "no Chromium: the browser tests will be skipped"
fi
true
