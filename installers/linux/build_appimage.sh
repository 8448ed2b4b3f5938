#!/usr/bin/env bash
# Build microoffice-x86_64.AppImage from the one-folder bundle (run build_linux.sh first).
# Needs appimagetool on the PATH (https://appimage.github.io/appimagetool/); it is not part of
# CI because CI cannot download it. The AppDir it packs:
#   AppDir/AppRun, AppDir/microoffice.desktop, AppDir/microoffice.png,
#   AppDir/usr/lib/microoffice/ (the bundle)
set -euo pipefail
cd "$(dirname "$0")/../.."
bundle=build/bundle/dist/microoffice
[ -x "$bundle/microoffice" ] || { echo "Build the bundle first: bash installers/build_linux.sh" >&2; exit 1; }
command -v appimagetool >/dev/null || { echo "appimagetool is not on the PATH" >&2; exit 1; }
appdir=build/bundle/AppDir
rm -rf "$appdir"
mkdir -p "$appdir/usr/lib"
cp -a "$bundle" "$appdir/usr/lib/microoffice"
cp installers/linux/AppRun "$appdir/AppRun"
cp installers/linux/microoffice.desktop "$appdir/microoffice.desktop"
cp installers/icons/microoffice.png "$appdir/microoffice.png"
ARCH=x86_64 appimagetool "$appdir" build/bundle/microoffice-x86_64.AppImage
echo "Built build/bundle/microoffice-x86_64.AppImage"
