#!/usr/bin/env bash
# Has LibreOffice Calc compute finance.fods and export it as CSV with full
# precision (filter token 9 = false: values, not as shown) into OUT_DIR.
# Usage: run_oracle.sh OUT_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: run_oracle.sh OUT_DIR}
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation=file://"$profile" --headless --norestore \
  --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false' \
  --outdir "$out" "$here/finance.fods" >/dev/null 2>&1
test -s "$out/finance.csv"
