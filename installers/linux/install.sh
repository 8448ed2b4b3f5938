#!/usr/bin/env bash
# Install microoffice for the current user from the unpacked tarball (no root needed):
#   tar xzf microoffice-*-linux-x86_64.tar.gz && cd microoffice-* && ./install.sh
# The program goes to ~/.local/lib/microoffice, a `microoffice` command to ~/.local/bin,
# and a menu entry with its icon. Your data is never inside the program folder, so installing
# a newer version over this one keeps it. ./install.sh --remove takes the program away again
# (your data and backups stay where they are).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
app="$HOME/.local/lib/microoffice"
bin="$HOME/.local/bin"
menu="$prefix/applications"
icons="$prefix/icons/hicolor"

if [ "${1:-}" = "--remove" ]; then
  rm -rf "$app" "$bin/microoffice" "$menu/microoffice.desktop" \
    "$icons/256x256/apps/microoffice.png" "$icons/scalable/apps/microoffice.svg"
  echo "microoffice was removed. Your data and backups were not touched."
  exit 0
fi

mkdir -p "$app" "$bin" "$menu" "$icons/256x256/apps" "$icons/scalable/apps"
rm -rf "$app.new"
cp -a "$here/microoffice" "$app.new"
rm -rf "$app"
mv "$app.new" "$app"
ln -sf "$app/microoffice" "$bin/microoffice"
cp "$here/microoffice.png" "$icons/256x256/apps/microoffice.png"
cp "$here/microoffice.svg" "$icons/scalable/apps/microoffice.svg"
sed "s|^Exec=.*|Exec=$app/microoffice|" "$here/microoffice.desktop" > "$menu/microoffice.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$menu" || true
echo "microoffice is installed: find it in your applications menu, or type 'microoffice'."
case ":$PATH:" in *":$bin:"*) ;; *) echo "(Add $bin to your PATH to use the command.)" ;; esac
