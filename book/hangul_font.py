"""The Hangul font nnlearn ships (nnlearn/fonts/): Noto Sans CJK KR, Regular and Bold, subset.

Korean figures need a font with Hangul: matplotlib's own (DejaVu Sans) has none and draws a
box for each syllable. The font is Noto Sans CJK KR, Regular and Bold (SIL Open Font License
1.1, which allows shipping a modified font with its licence, under another name), taken from
Debian's ``fonts-noto-cjk`` 1:20220127 (``apt-get install fonts-noto-cjk``), and subset with
fontTools to what a figure writes: every character of nnlearn's Korean catalogue (nnlearn.po:
about 450 syllables and the symbols beside them), Basic Latin, Latin-1, general punctuation
and Greek. Characters it lacks fall back to matplotlib's DejaVu Sans (nnlearn/fonts/__init__.py).
Renamed "nnlearn Hangul Sans", as the licence asks of a modified font. A translation that
brings a new syllable makes tests/student/test_korean_figures.py fail until the font is made
again here: it checks that the font holds every character of nnlearn.po and that every figure
is drawn without a missing glyph.

    python -m book.hangul_font     # remakes nnlearn/fonts/*.otf and SHA256SUMS, prints them
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
NOTO = Path("/usr/share/fonts/opentype/noto")
SOURCE_FACE = "Noto Sans CJK KR"
FONTS = ROOT / "nnlearn" / "fonts"
STYLES = ("Regular", "Bold")  # a figure's titles may be bold: the file NotoSansCJK-<style>.ttc
FAMILY = "nnlearn Hangul Sans"


def catalogue() -> set[str]:
    """Every character of nnlearn's Korean catalogue: what its figures and messages can show
    (the Hangul, and the symbols beside it: a label that mixes text and $math$ is drawn by
    mathtext, which takes its text, symbols included, from this font alone)."""
    from book.translation_checks import read
    from book.translations import NNLEARN_PO

    return set("".join(m.string for m in read(NNLEARN_PO) if m.id and m.string)) - {"\n"}


def characters() -> list[int]:
    """The code points kept: the catalogue's, ASCII, Latin-1, general punctuation, Greek."""
    latin = [*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2010, 0x2027)]
    return sorted({*latin, *range(0x391, 0x3CA), *(ord(c) for c in catalogue())})


def make(style: str) -> Path:
    """Subset the Korean face of Noto Sans CJK in ``style`` into nnlearn/fonts/."""
    faces = TTCollection(str(NOTO / f"NotoSansCJK-{style}.ttc")).fonts
    font = next(f for f in faces if f["name"].getDebugName(1) == SOURCE_FACE)
    options = subset.Options()
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.layout_features = ["kern", "liga", "ccmp", "locl"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters())
    subsetter.subset(font)
    postscript = f"nnlearnHangulSans-{style}"
    renamed = {1: FAMILY, 4: f"{FAMILY} {style}", 16: FAMILY, 3: postscript, 6: postscript}
    names = font["name"]
    for record in list(names.names):
        if record.nameID in renamed:
            names.setName(
                renamed[record.nameID],
                record.nameID,
                record.platformID,
                record.platEncID,
                record.langID,
            )
    font["CFF "].cff.fontNames = [postscript]
    out = FONTS / f"NnlearnHangulSans-{style}.otf"
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))
    return out


if __name__ == "__main__":
    sums = []
    for style in STYLES:
        out = make(style)
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
        sums.append(f"{digest}  {out.name}\n")
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size} bytes, sha256 {digest}")
    (FONTS / "SHA256SUMS").write_text("".join(sums))
    sys.exit(0)
