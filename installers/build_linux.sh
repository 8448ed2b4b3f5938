#!/usr/bin/env bash
# Build the one-folder Linux bundle with PyInstaller, pack it as a tarball, report its size, and
# start it like a person would: write the demo with the bundled program, open the window on it
# with --smoke (offscreen), then open an old database so the bundled Alembic migrations run.
# Exits non-zero if any step fails. Run from anywhere:  bash installers/build_linux.sh
#
# Output (all under build/bundle/, ignored by git):
#   dist/microoffice/                     the bundle (run dist/microoffice/microoffice)
#   microoffice-VERSION-linux-x86_64.tar.gz  the bundle + install.sh + menu entry and icon
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
OUT=$ROOT/build/bundle
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ ! -x "$PY" ]; then
  say "No virtual environment at .venv: run ./dev setup first"
  exit 1
fi
# PyInstaller reads the libraries' dependencies with objdump and strips them with strip
# (binutils); a fresh machine may not have them.
if ! command -v objdump >/dev/null 2>&1 || ! command -v strip >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing binutils (objdump, strip) for PyInstaller"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends binutils >/dev/null
  else
    say "PyInstaller needs binutils (objdump, strip): sudo apt-get install binutils"
    exit 1
  fi
fi
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  say "Installing PyInstaller (the 'bundle' extra)"
  "$PY" -m pip install -q -e ".[bundle]"
fi
VERSION=$("$PY" -c "import importlib.metadata as m; print(m.version('microoffice'))")
ARCH=$(uname -m)

say "PyInstaller $("$PY" -m PyInstaller --version): building microoffice $VERSION"
started=$(date +%s)
rm -rf "$OUT/dist" "$OUT/work"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$OUT/dist" --workpath "$OUT/work" installers/microoffice.spec
BUNDLE=$OUT/dist/microoffice
say "Built in $(( $(date +%s) - started )) s"

name=microoffice-$VERSION-linux-$ARCH
stage=$OUT/stage/$name
rm -rf "$OUT/stage"
mkdir -p "$stage"
cp -a "$BUNDLE" "$stage/microoffice"
cp installers/linux/install.sh installers/linux/microoffice.desktop "$stage/"
cp installers/icons/microoffice.png microoffice/resources/icons/microoffice.svg "$stage/"
tar -czf "$OUT/$name.tar.gz" -C "$OUT/stage" "$name"
rm -rf "$OUT/stage"

bundle_mb=$(du -sm "$BUNDLE" | cut -f1)
tar_mb=$(du -sm "$OUT/$name.tar.gz" | cut -f1)
say "Bundle size: ${bundle_mb} MB on disk ($BUNDLE)"
say "Tarball size: ${tar_mb} MB ($OUT/$name.tar.gz)"

say "Smoke test: the bundled program writes the demo, then opens its window"
check=$(mktemp -d)
trap 'rm -rf "$check"' EXIT
export MICROOFFICE_HOME=$check/home QT_QPA_PLATFORM=offscreen
unset MICROOFFICE_DB
"$BUNDLE/microoffice" demo --db "$check/demo.sqlite"
"$BUNDLE/microoffice" --db "$check/demo.sqlite" --smoke
say "--smoke exited 0 on the demo"
"$BUNDLE/microoffice" import-csv --db "$check/demo.sqlite" --check \
  --clients "$ROOT/installers/linux/smoke-clients.csv" >/dev/null
say "import-csv reads a spreadsheet"
"$BUNDLE/microoffice" export --db "$check/demo.sqlite" --json "$check/demo.json" >/dev/null
"$BUNDLE/microoffice" import --json "$check/demo.json" --db "$check/copy.sqlite" >/dev/null
say "A JSON export is checked against its schema (jsonschema) and imported"
cp tests/fixtures/db-0001_initial.sqlite "$check/old.sqlite"
"$BUNDLE/microoffice" --db "$check/old.sqlite" --smoke
"$BUNDLE/microoffice" check --db "$check/old.sqlite"
say "An old database was upgraded by the bundled migrations and checks clean"
say "Linux bundle OK: ${bundle_mb} MB, tarball ${tar_mb} MB"
