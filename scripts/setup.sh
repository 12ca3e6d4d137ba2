#!/usr/bin/env bash
# Installs every Debian package stargate needs to build, test and benchmark.
# Idempotent: packages already installed are skipped, and apt-get runs only
# when something is missing. Works as root or through sudo.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake make ninja-build pkg-config
  # libraries the project links (Debian's packages, never vendored)
  libtomlplusplus-dev nlohmann-json3-dev libfmt-dev libcli11-dev libxlsxwriter-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev valgrind clang-format bc time
  # the allocator the CLI links (faster Monte Carlo; apps/cli/CMakeLists.txt)
  libgoogle-perftools-dev
  # the oracle of the financial functions (tests/oracle)
  libreoffice-calc-nogui
  # reads the Excel workbook back in its test (tests/xlsx)
  python3-openpyxl
  # the browser that renders report.html in its test (tests/browser)
  chromium fonts-dejavu-core
  # Monte Carlo across nodes (stargate mc under mpirun/srun; docs/mpi.md)
  libopenmpi-dev openmpi-bin
  # the Python module, its DataFrames, its tests and its docs' plot (python/; docs/python.md)
  python3-dev python3-pybind11 python3-pandas python3-matplotlib python3-pytest python3-numpy
)

# The HTML report's chart library (Vega, Vega-Lite, vega-embed) and its browser
# test's driver (playwright-core) come from npm, pinned by the committed lock
# file; `npm ci` runs only when node_modules is missing or older than the lock.
# They need Node.js 20+ with npm (not Debian's 18); without it everything else
# still builds and tests, and `stargate run --report` says what is missing.
assets="$(cd "$(dirname "$0")/.." && pwd)/src/io/report/assets"
if command -v node >/dev/null && command -v npm >/dev/null &&
  [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ]; then
  if [ ! -f "$assets/node_modules/.package-lock.json" ] ||
    [ "$assets/package-lock.json" -nt "$assets/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci in src/io/report/assets"
    npm ci --prefix "$assets" --no-audit --no-fund --loglevel=error
  fi
else
  echo "setup: Node.js 20+ with npm not found: report.html (stargate run --report) and its" \
    "browser test need it; install it (e.g. from deb.nodesource.com) and run make setup again" >&2
fi

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
