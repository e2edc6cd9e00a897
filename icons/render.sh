#!/usr/bin/env bash
# Renders icons/strata.svg to the PNG sizes the window and the desktop entry use.
# Needs rsvg-convert (Debian: librsvg2-bin). The PNGs are committed; run this after editing the SVG.
set -euo pipefail
cd "$(dirname "$0")"
for s in 16 32 48 64 128 256 512; do
  rsvg-convert -w "$s" -h "$s" strata.svg -o "strata-$s.png"
done
