#!/usr/bin/env bash
# Runs the whole test suite from the project's virtual environment. pytest's exit code 5
# ("no tests collected") is a failure here: a suite that runs nothing proves nothing.
set -u
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest "$@"
rc=$?
if [ $rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi
exit $rc
