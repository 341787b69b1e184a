"""Text pasted from PDFs and Excel, made comparable (PRODUCT.md §3.4).

Names copied out of a PDF or a colleague's spreadsheet often differ from the catalogue only
in how they are encoded: a PDF's text layer gives Kangxi-radical look-alikes (「⽀」 U+2F40
for 「支」), older systems give half-width katakana (「ｶﾞｲﾄﾞ」), Excel users type full-width
letters and digits, 「（）」 and 「()」 are mixed, spaces are sprinkled in. ``normalise_for_matching``
folds exactly those differences into one *matching key*; the user's text is kept as typed for
display.

The whole text is never put through NFKC: that would turn 「①」 into 「1」 and 「㈱」 into
「(株)」 and change what the user wrote. NFKC is applied to single characters of three
ranges only — the Kangxi Radicals block (U+2F00–U+2FDF), the CJK Radicals Supplement
(U+2E80–U+2EFF) and the half-width katakana (U+FF61–U+FF9F) — and full-width ASCII is
shifted to ASCII. The CJK Radicals Supplement has only two NFKC mappings (⺟, ⻳); the
radical forms that PDF text layers commonly give for whole Japanese characters (「⻑」 for
「長」, 「⻄」 for 「西」 …) are added from a short explicit table.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = [
    "fold_fullwidth_ascii",
    "fold_halfwidth_katakana",
    "fold_radicals",
    "normalise_for_matching",
]

_KANGXI = range(0x2F00, 0x2FE0)
_RADICALS_SUPPLEMENT = range(0x2E80, 0x2F00)
_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]+")
_FULLWIDTH_ASCII = re.compile("[\uff01-\uff5e]")
_COMBINING_VOICED = re.compile("[\u3040-\u30ff][\u3099\u309a]")

#: Radical forms of the CJK Radicals Supplement that stand for a whole Japanese character
#: but have no NFKC mapping (seen in text extracted from PDFs set in Japanese fonts).
RADICAL_LOOKALIKES = {
    "\u2ec4": "西",  # ⻄ CJK RADICAL WEST TWO
    "\u2ec6": "角",  # ⻆ CJK RADICAL SIMPLIFIED HORN
    "\u2ed1": "長",  # ⻑ CJK RADICAL LONG ONE
    "\u2ed8": "青",  # ⻘ CJK RADICAL BLUE
    "\u2edd": "食",  # ⻝ CJK RADICAL EAT ONE
    "\u2ee3": "骨",  # ⻣ CJK RADICAL BONE
    "\u2ee4": "鬼",  # ⻤ CJK RADICAL GHOST
    "\u2ee8": "麦",  # ⻨ CJK RADICAL SIMPLIFIED WHEAT
    "\u2ee9": "黄",  # ⻩ CJK RADICAL SIMPLIFIED YELLOW
    "\u2eeb": "斉",  # ⻫ CJK RADICAL J-SIMPLIFIED EVEN
    "\u2eed": "歯",  # ⻭ CJK RADICAL J-SIMPLIFIED TOOTH
    "\u2eef": "竜",  # ⻯ CJK RADICAL J-SIMPLIFIED DRAGON
    "\u2ef2": "亀",  # ⻲ CJK RADICAL J-SIMPLIFIED TURTLE
}

#: Dash-like characters: a long-vowel mark 「ー」 after kana, a hyphen 「-」 elsewhere.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d\uff70\u2500\u2501"
_DASH_RUN = re.compile(f"[{re.escape(_DASHES)}]")
_KANA = re.compile("[\u3041-\u3096\u30a1-\u30fa\u30fc]")
_MIDDLE_DOTS = str.maketrans({"\u00b7": "・", "\u2027": "・", "\u2219": "・", "\u22c5": "・", "\uff65": "・"})
_WAVE_DASHES = str.maketrans({"\u301c": "~", "\uff5e": "~", "\u223c": "~"})


@cache
def _radical_table() -> dict[int, str]:
    """Radical code point → the unified ideograph it looks like (generated with NFKC)."""
    table: dict[int, str] = {}
    for block in (_KANGXI, _RADICALS_SUPPLEMENT):
        for code in block:
            ch = chr(code)
            folded = unicodedata.normalize("NFKC", ch)
            if folded != ch and len(folded) == 1:
                table[code] = folded
    table.update({ord(k): v for k, v in RADICAL_LOOKALIKES.items()})
    return table


def fold_radicals(text: str) -> str:
    """Kangxi radicals and CJK radical look-alikes → the unified ideographs (「⽀」→「支」)."""
    return text.translate(_radical_table())


def fold_halfwidth_katakana(text: str) -> str:
    """Half-width katakana (and 「｡｢｣､･」) → full width, voiced marks joined: 「ｶﾞｲﾄﾞ」→「ガイド」.

    Only runs of U+FF61–U+FF9F are normalised; a half-width voiced mark after a full-width
    kana (「カﾞ」) is joined to it as well.
    """
    folded = _HALFWIDTH_KANA.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return _COMBINING_VOICED.sub(lambda m: unicodedata.normalize("NFC", m.group()), folded)


def fold_fullwidth_ascii(text: str) -> str:
    """Full-width ASCII (「ＡＢＣ１２３（）」) → ASCII; the ideographic space → a space."""
    shifted = _FULLWIDTH_ASCII.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    return shifted.replace("\u3000", " ")


def _fold_dashes(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if _DASH_RUN.fullmatch(ch):
            after_kana = bool(out) and _KANA.fullmatch(out[-1]) is not None
            out.append("ー" if after_kana else "-")
        else:
            out.append(ch)
    return "".join(out)


def normalise_for_matching(text: str) -> str:
    """The matching key of ``text``: two names that a person reads as the same give the same key.

    Folds radical look-alikes, half-width katakana and full-width ASCII (see the module
    docstring), makes 「（）」 and 「()」 alike, removes every space, turns dash-like marks into
    「ー」 after kana and 「-」 elsewhere, unifies middle dots (「･」「·」→「・」), wave dashes
    (「〜」「～」→「~」) and commas (「,」「，」→「、」), and lower-cases ASCII letters.
    Everything else (「①」, 「㈱」, kanji variants such as 「髙」) is kept as it is.
    """
    s = fold_radicals(text)
    s = fold_halfwidth_katakana(s)
    s = fold_fullwidth_ascii(s)
    s = s.translate(_MIDDLE_DOTS).translate(_WAVE_DASHES)
    s = "".join(ch for ch in s if not ch.isspace())
    s = _fold_dashes(s)
    s = s.replace(",", "、")
    return "".join(ch.lower() if ch.isascii() else ch for ch in s)
