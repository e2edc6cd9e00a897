#!/usr/bin/env bash
# Packages the desktop composer with the JDK's jpackage:
#   target/dist/Strata/             an app image (bin/Strata starts the GUI; with arguments, the CLI)
#   target/dist/strata_*_amd64.deb  a Debian package installing it to /opt/strata with a desktop entry
# The launcher runs with the desktop composer's JVM options (strata_desktop_java_opts in setup-deps.sh).
# Needs JDK 17's jpackage, and dpkg-deb + fakeroot for the .deb (Debian: dpkg-dev, fakeroot).
# Usage: packaging/jpackage.sh [--app-image-only]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=setup-deps.sh
. "$root/packaging/setup-deps.sh"
version=$(sed -n 's:.*<version>\([0-9][0-9.]*\)\(-SNAPSHOT\)\{0,1\}</version>.*:\1:p' pom.xml | head -1)
mvn -B -q -DskipTests package
work=target/jpackage
rm -rf "$work" target/dist
mkdir -p "$work/input/lib" "$work/resources" target/dist
cp target/strata.jar "$work/input/"
cp target/lib/*.jar "$work/input/lib/"
cp packaging/linux/strata.desktop "$work/resources/Strata.desktop"
cp icons/strata-256.png "$work/resources/Strata.png"
jvm=()
for option in $(strata_desktop_java_opts); do jvm+=(--java-options "$option"); done
common=(--name Strata --app-version "$version" --vendor "Strata" --description "Compose container images from Nix packages"
        --input "$work/input" --main-jar strata.jar --main-class dev.strata.Main
        --icon icons/strata-256.png "${jvm[@]}" --dest target/dist)
jpackage --type app-image "${common[@]}"
echo "app image: target/dist/Strata (run target/dist/Strata/bin/Strata)"
if [ "${1:-}" = "--app-image-only" ]; then
  exit 0
fi
if ! command -v dpkg-deb >/dev/null || ! command -v fakeroot >/dev/null; then
  echo "jpackage.sh: the .deb needs dpkg-deb and fakeroot (apt-get install dpkg-dev fakeroot); skipped" >&2
  exit 1
fi
jpackage --type deb "${common[@]}" --resource-dir "$work/resources" \
  --linux-package-name strata --linux-menu-group Development --linux-app-category devel \
  --linux-shortcut --linux-package-deps "nix-bin, busybox-static, git, libgtk-3-0" \
  --linux-deb-maintainer "strata@localhost" --install-dir /opt
ls -1 target/dist/*.deb
