#!/bin/sh
# Create the virtual environment; on Debian, python3 -m venv needs python3-venv.
set -eu
py=${1:-python3}
venv=${2:-.venv}
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
  exit 0
fi
rm -rf "$venv"
if ! "$py" -m venv "$venv" >/dev/null 2>&1; then
  rm -rf "$venv"
  pkg="python3-venv"
  ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null || true)
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=none; fi
  if [ "$sudo" != none ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing $pkg (python -m venv needs it)"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$pkg" "python$ver-venv" >/dev/null 2>&1 \
      || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$pkg" >/dev/null
    "$py" -m venv "$venv"
  else
    echo "setup: '$py -m venv' failed; install the python3-venv package (apt-get install python3-venv) and run again" >&2
    exit 1
  fi
fi
