#!/bin/sh
# Installs exact-sidecar into a fresh virtual environment: what the Dockerfile runs, and what
# tests/integration/test_docker_install.py runs outside Docker to check it.
#   sh docker/install.sh VENV_DIR [SOURCE_DIR]   (SOURCE_DIR defaults to the current directory)
set -eu
venv="${1:?usage: install.sh VENV_DIR [SOURCE_DIR]}"
source_dir="${2:-.}"
python="${PYTHON:-python3}"
"$python" -m venv "$venv"
"$venv/bin/pip" install --no-cache-dir --quiet --upgrade pip
"$venv/bin/pip" install --no-cache-dir --quiet "$source_dir"
"$venv/bin/exact-sidecar" --version
