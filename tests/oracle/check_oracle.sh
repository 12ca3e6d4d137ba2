#!/usr/bin/env bash
# CTest: has LibreOffice Calc compute the oracle again and checks the result
# equals the committed tests/oracle/finance.csv (which finance_test.cc uses).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
command -v soffice >/dev/null || { echo "soffice not found: run scripts/setup.sh"; exit 1; }
"$here/run_oracle.sh" "$out"
if ! cmp -s "$out/finance.csv" "$here/finance.csv"; then
  echo "LibreOffice's results differ from tests/oracle/finance.csv:"
  diff "$here/finance.csv" "$out/finance.csv" || true
  exit 1
fi
echo "oracle current: $(($(wc -l < "$here/finance.csv") - 1)) cases"
