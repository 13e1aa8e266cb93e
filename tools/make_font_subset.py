"""Make the CJK font subset shipped in ``src/compendium/fonts`` (a developer tool, not run by ``make``).

The compendium draws Chinese labels with Noto Sans CJK SC (SIL Open Font License 1.1). The full face
is 16 MB inside a 120 MB collection, so we ship a subset holding every character of GB 2312 (the 6 763
hanzi of everyday simplified Chinese plus its symbols), Latin-1, general and CJK punctuation, full-width
forms, and every character that appears in ``data/``. Matplotlib then draws the same glyphs on Binder, in
CI and on a laptop, whatever fonts the machine has.

Source file: Debian's ``fonts-noto-cjk`` (``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc``, face 2 = SC).
Run: ``python tools/make_font_subset.py [path/to/NotoSansCJK-Regular.ttc]``.
"""
from __future__ import annotations

import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "compendium" / "fonts" / "NotoSansCJKsc-Regular-subset.otf"
FAMILY = "Noto Sans CJK SC Compendium"


def gb2312_chars() -> set[str]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def wanted_chars() -> set[str]:
    chars = gb2312_chars()
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x214F), (0x2190, 0x21FF),
              (0x2200, 0x22FF), (0x3000, 0x303F), (0xFF00, 0xFFEF), (0x00D7, 0x00D7), (0x2070, 0x209F)]
    for lo, hi in ranges:
        chars.update(chr(c) for c in range(lo, hi + 1))
    for path in sorted((ROOT / "data").glob("*.csv")):
        chars.update(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable()}


def main(src: str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc") -> None:
    font = TTCollection(src).fonts[2]
    assert font["name"].getDebugName(1) == "Noto Sans CJK SC", "face 2 of the collection is not SC"
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in wanted_chars()])
    subsetter.subset(font)
    # A subset is a Modified Version under the OFL: give it its own family name.
    for rec in font["name"].names:
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID in (3, 4):
            rec.string = FAMILY + " Regular"
        elif rec.nameID == 6:
            rec.string = FAMILY.replace(" ", "") + "-Regular"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB, {len(font.getBestCmap())} characters)")


if __name__ == "__main__":
    main(*sys.argv[1:])
