#!/usr/bin/env bash
# Installs the Debian packages that some tests need: bubblewrap (grading sandbox), chromium
# (browser test) and postgresql (PostgreSQL gradebook test). Idempotent: does nothing when they
# are present. Without root or apt it only says what is missing; those tests then skip with a
# reason on a developer's machine (in CI, CI=true, they fail instead).
set -u
missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null \
        || { echo "apt-get could not install ${missing[*]}" >&2; exit 1; }
else
    echo "note: missing system packages (${missing[*]}); install them with apt as root to run every test."
fi
