#!/usr/bin/env bash
# The system packages the project needs, in one list (Debian/Ubuntu names), checked by
# `make run`, `make test` and `.ci/run`.
#
#   scripts/system-packages.sh run|test|ci
#
# run:  WeasyPrint's libraries and a font (PDF reports).
# test: the same, and Chromium for the browser tests (tests/e2e).
# ci:   the same as test, and docker-compose (v1) for the compose file check.
#
# Whatever is missing is installed when this runs as root on Debian/Ubuntu (as in CI);
# otherwise the script stops with one line giving the apt-get command.
# EXTRA_SYSTEM_PACKAGES (space-separated) adds names to the list: tests use it to see the
# script react to a missing package.
set -euo pipefail

RUN_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
# PgBouncer: tests/pooling runs part of the suite through it.
TEST_PACKAGES=("${RUN_PACKAGES[@]}" chromium pgbouncer)
CI_PACKAGES=("${TEST_PACKAGES[@]}" docker-compose)

case "${1:-}" in
    run) packages=("${RUN_PACKAGES[@]}") ;;
    test) packages=("${TEST_PACKAGES[@]}") ;;
    ci) packages=("${CI_PACKAGES[@]}") ;;
    *)
        echo "usage: $0 run|test|ci" >&2
        exit 2
        ;;
esac
read -r -a extra <<<"${EXTRA_SYSTEM_PACKAGES:-}"
packages+=("${extra[@]}")

if ! command -v dpkg-query >/dev/null; then
    echo "system packages: not a Debian/Ubuntu system, not checked; the project needs the" \
        "equivalents of: ${packages[*]}" >&2
    exit 0
fi

missing=()
for package in "${packages[@]}"; do
    # "install ok installed" only: a removed package can linger as "deinstall ... config-files".
    [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" == "install ok installed" ]] \
        || missing+=("$package")
done
((${#missing[@]})) || exit 0

if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "system packages: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    exit 0
fi

echo "Missing system packages; install them, then run make again:" \
    "sudo apt-get install --no-install-recommends ${missing[*]}" >&2
exit 1
