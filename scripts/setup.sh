#!/usr/bin/env bash
# Installs every Debian package stargate needs to build, test and benchmark.
# Idempotent: packages already installed are skipped, and apt-get runs only
# when something is missing. Works as root or through sudo.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake make ninja-build pkg-config
  # libraries the project links (Debian's packages, never vendored)
  libtomlplusplus-dev nlohmann-json3-dev libfmt-dev libcli11-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev valgrind clang-format
  # the oracle of the financial functions (tests/oracle)
  libreoffice-calc-nogui
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
