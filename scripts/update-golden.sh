#!/usr/bin/env bash
# Regenerates the golden outputs of the built-in scenarios from a fresh build.
# Run it only when a change of results is intended, then review `git diff
# tests/golden` line by line and update the reasoning in its README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
make build >/dev/null
for id in stargate-2025-01; do
  build/stargate run "$id" --format json > "tests/golden/$id/summary.json"
  echo "wrote tests/golden/$id/summary.json"
done
