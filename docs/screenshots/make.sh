#!/usr/bin/env bash
# Writes docs/screenshots/*.png: every screen of the desktop composer after composing an image of
# the demo set (headless, Monocle; real Nix), and the base image and Files sections (FilesAndBaseFlowTest,
# which needs umoci and skopeo). Run from anywhere; takes about half a minute.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q test -Dtest='ScreenshotTour,FilesAndBaseFlowTest,InspectScreenshots' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dstrata.screenshots="$root/docs/screenshots"
ls -1 "$root"/docs/screenshots/*.png
