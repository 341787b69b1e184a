"""Japanese wording for argparse's own messages (usage, errors, help headings), so the
command line speaks the same language as the rest of the app. argparse looks its texts up
through ``gettext`` at run time; ``install()`` points that look-up at this table."""

from __future__ import annotations

import argparse

ARGPARSE_JA = {
    "usage: ": "使い方: ",
    "options": "オプション",
    "positional arguments": "引数",
    "show this help message and exit": "このヘルプを表示して終了する",
    "%(prog)s: error: %(message)s\n": "%(prog)s: エラー: %(message)s\n",
    "the following arguments are required: %s": "次の引数を指定してください: %s",
    "unrecognized arguments: %s": "認識できない引数があります: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r は選べません（選択肢: %(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r は正しい値ではありません（%(type)s）",
    "expected one argument": "値を1つ指定してください",
    "expected at least one argument": "値を1つ以上指定してください",
    "expected at most one argument": "値は1つまでです",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s は次のどれか分かりません: %(matches)s",
    "not allowed with argument %s": "%s と同時には指定できません",
    "one of the arguments %s is required": "%s のどれかを指定してください",
}


def translate(message: str) -> str:
    return ARGPARSE_JA.get(message, message)


def install() -> None:
    """Make argparse print its messages in Japanese."""
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = lambda singular, plural, n: translate(singular if n == 1 else plural)  # type: ignore[attr-defined]


def fiscal_year_argument(text: str) -> int:
    """argparse ``type=`` for a 年度 typed as 令和6年度 / R6 / 2024 / 2024年度."""
    from models.calendar import parse_fiscal_year
    from models.errors import ValidationError

    try:
        return parse_fiscal_year(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.user_message) from exc
