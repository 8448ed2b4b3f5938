#!/usr/bin/env bash
# Build microoffice.app and a .dmg on a Mac (Python 3.11+ from python.org or Homebrew):
#   bash installers/macos/build_macos.sh
# Output: build/bundle/dist/microoffice.app and build/bundle/microoffice-VERSION.dmg
# To hand it to other Macs without a warning, sign and notarise it (needs an Apple developer
# ID; see installers/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[bundle]"
VERSION=$(.venv/bin/python -c "import importlib.metadata as m; print(m.version('microoffice'))")
.venv/bin/python -m PyInstaller --noconfirm --clean \
  --distpath build/bundle/dist --workpath build/bundle/work installers/microoffice.spec
APP=build/bundle/dist/microoffice.app
# Smoke test: the bundled program writes the demo, then opens its window and quits.
check=$(mktemp -d)
MICROOFFICE_HOME=$check/home "$APP/Contents/MacOS/microoffice" demo --db "$check/demo.sqlite"
MICROOFFICE_HOME=$check/home "$APP/Contents/MacOS/microoffice" --db "$check/demo.sqlite" --smoke
rm -rf "$check"
# The disk image: the app and a link to Applications, to drag it across.
stage=$(mktemp -d)
cp -R "$APP" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "microoffice" -srcfolder "$stage" -ov -format UDZO \
  "build/bundle/microoffice-$VERSION.dmg"
rm -rf "$stage"
echo "Built build/bundle/microoffice-$VERSION.dmg"
