#!/usr/bin/env bash
# How NotoSansMath-RVASE.ttf and NotoSansSymbols2-RVASE.ttf were made: subsets of Debian's fonts-noto-core
# (20201225-1: NotoSansMath-Regular.ttf sha256 8242bd1e…10d6c, NotoSansSymbols2-Regular.ttf sha256 876598db…1688;
# OFL 1.1 like the other shipped Noto fonts: see OFL.txt), cut with fontTools' pyftsubset.
# The PDFs then draw arrows (⇒ →), mathematical signs and dingbats (✓ ○) with shipped fonts instead of
# whatever the machine has (DejaVu, before). Run from the repository's root after `apt-get install fonts-noto-core`.
set -euo pipefail
noto=/usr/share/fonts/truetype/noto
subset() {
  .venv/bin/pyftsubset "$noto/$1" --unicodes="$2" --output-file="static/fonts/$3" \
    --layout-features='*' --name-IDs='*' --name-legacy --name-languages='*' --no-hinting
}
# The space and the no-break space (a run of symbols keeps its spaces in the same font); arrows, mathematical operators, supplemental arrows A and B.
subset NotoSansMath-Regular.ttf "U+0020,U+00A0,U+2190-21FF,U+2200-22FF,U+27F0-27FF,U+2900-297F" NotoSansMath-RVASE.ttf
# The spaces; miscellaneous technical, geometric shapes, miscellaneous symbols, dingbats (check marks, crosses).
subset NotoSansSymbols2-Regular.ttf "U+0020,U+00A0,U+2300-23FF,U+25A0-25FF,U+2600-26FF,U+2700-27BF" NotoSansSymbols2-RVASE.ttf
