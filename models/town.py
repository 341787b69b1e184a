"""団体情報: the town profile shared by every module, its fields and their validation.

Each field is described once in ``FIELDS`` (label, kind, choices, rules); the GUI builds the
form from it and ``parse_field`` turns what the user typed into a value or a Japanese error.
Cross-field rules live in ``validate_profile``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import Enum
from typing import Any

from models.calendar import parse_date
from models.errors import ValidationError
from models.lg_code import normalize_lg_code
from models.numbers import parse_count

MAX_POPULATION = 10_000_000  # above the largest municipality (横浜市, about 3.8 million)


class FieldKind(Enum):
    TEXT = "text"
    COUNT = "count"
    DATE = "date"
    CHOICE = "choice"
    FLAG = "flag"
    LG_CODE = "lg_code"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: FieldKind
    section: str
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (stored code, Japanese label)
    max_length: int = 100
    hint: str = ""


KIND_CHOICES = (("shi", "市"), ("machi", "町"), ("mura", "村"), ("ku", "特別区"))
ADVISER_CHOICES = (("none", "置いていない"), ("internal", "内部人材"), ("external", "外部人材"))
APPOINTMENT_CHOICES = (
    ("", "（未選択）"),
    ("regular", "常勤職員（兼務を含む）"),
    ("fixed_term", "任期付職員"),
    ("fiscal_year", "会計年度任用職員"),
    ("special_part_time", "特別職非常勤職員"),
    ("contract", "業務委託"),
    ("other", "その他"),
)
PROMOTION_BODY_CHOICES = (
    ("none", "設置していない"),
    ("headquarters", "推進本部"),
    ("liaison", "連絡会議"),
    ("other", "その他の会議体"),
)

_BASIC = "基本情報"
_CONTACT = "担当"
_STRUCTURE = "推進体制"

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "lg_code",
        "団体コード",
        FieldKind.LG_CODE,
        _BASIC,
        required=True,
        hint="6桁（5桁で入力すると検査数字を補います）",
    ),
    FieldSpec("name", "団体名", FieldKind.TEXT, _BASIC, required=True, max_length=40, hint="例：矢巾町"),
    FieldSpec("kind", "団体区分", FieldKind.CHOICE, _BASIC, required=True, choices=KIND_CHOICES),
    FieldSpec("population", "住民基本台帳人口", FieldKind.COUNT, _BASIC, hint="人"),
    FieldSpec(
        "population_as_of", "人口の基準日", FieldKind.DATE, _BASIC, hint="例：令和6年1月1日、R6.1.1、2024/1/1"
    ),
    FieldSpec("general_staff", "一般行政職員数", FieldKind.COUNT, _BASIC, hint="人"),
    FieldSpec("contact_dept", "担当課", FieldKind.TEXT, _CONTACT, max_length=40),
    FieldSpec("contact_person", "担当者", FieldKind.TEXT, _CONTACT, max_length=40),
    FieldSpec("contact_phone", "電話番号", FieldKind.TEXT, _CONTACT, max_length=20, hint="例：019-611-2459"),
    FieldSpec("contact_email", "メールアドレス", FieldKind.TEXT, _CONTACT, max_length=100),
    FieldSpec("cio_name", "CIO（氏名）", FieldKind.TEXT, _STRUCTURE, max_length=40),
    FieldSpec(
        "cio_post", "CIOの役職", FieldKind.TEXT, _STRUCTURE, max_length=40, hint="副町村長が推奨されています"
    ),
    FieldSpec("cio_adviser_kind", "CIO補佐官", FieldKind.CHOICE, _STRUCTURE, choices=ADVISER_CHOICES),
    FieldSpec(
        "cio_adviser_appointment",
        "CIO補佐官の任用形態",
        FieldKind.CHOICE,
        _STRUCTURE,
        choices=APPOINTMENT_CHOICES,
    ),
    FieldSpec("dx_dept_exists", "DX推進専任部署", FieldKind.FLAG, _STRUCTURE, hint="設置している"),
    FieldSpec("dx_dept_name", "専任部署の名称", FieldKind.TEXT, _STRUCTURE, max_length=40),
    FieldSpec(
        "promotion_body_kind", "全庁的推進体制", FieldKind.CHOICE, _STRUCTURE, choices=PROMOTION_BODY_CHOICES
    ),
    FieldSpec(
        "promotion_body_name",
        "会議体の名称",
        FieldKind.TEXT,
        _STRUCTURE,
        max_length=60,
        hint="例：〇〇町DX推進本部",
    ),
    FieldSpec("promotion_body_established", "会議体の設置日", FieldKind.DATE, _STRUCTURE),
    FieldSpec("dx_policy_adopted", "全体方針（DX方針）の策定日", FieldKind.DATE, _STRUCTURE),
)
FIELD_BY_NAME = {spec.name: spec for spec in FIELDS}


@dataclass(frozen=True)
class TownProfile:
    """The town profile as stored; every field may be empty until the user fills it in."""

    lg_code: str = ""
    name: str = ""
    kind: str = ""
    population: int | None = None
    population_as_of: date | None = None
    general_staff: int | None = None
    contact_dept: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    cio_name: str = ""
    cio_post: str = ""
    cio_adviser_kind: str = "none"
    cio_adviser_appointment: str = ""
    dx_dept_exists: bool = False
    dx_dept_name: str = ""
    promotion_body_kind: str = "none"
    promotion_body_name: str = ""
    promotion_body_established: date | None = None
    dx_policy_adopted: date | None = None

    def with_changes(self, changes: dict[str, Any]) -> TownProfile:
        """A copy with some fields replaced."""
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def kind_label(self) -> str:
        return choice_label("kind", self.kind)


def choice_label(field_name: str, code: str) -> str:
    """The Japanese label of a stored choice code ("" when unknown)."""
    return dict(FIELD_BY_NAME[field_name].choices).get(code, "")


_PHONE_RE = re.compile(r"^[0-9()\-]{10,14}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_field(name: str, raw: Any, *, today: date | None = None) -> Any:
    """Turn one field as entered into its stored value, or raise ``ValidationError``.

    ``raw`` is the text typed (TEXT, COUNT, DATE, LG_CODE), the choice code (CHOICE) or a
    bool (FLAG). Empty optional fields become the field's empty value.
    """
    spec = FIELD_BY_NAME[name]
    if spec.kind is FieldKind.FLAG:
        return bool(raw)
    if spec.kind is FieldKind.CHOICE:
        code = str(raw or "")
        if code not in dict(spec.choices):
            if not code and not spec.required:
                return TownProfile().as_dict()[name]
            raise ValidationError(f"{spec.label}を選択してください。", field=name)
        return code
    text = str(raw or "").strip()
    if not text:
        if spec.required:
            raise ValidationError(f"{spec.label}を入力してください。", field=name)
        return None if spec.kind in (FieldKind.COUNT, FieldKind.DATE) else ""
    if spec.kind is FieldKind.LG_CODE:
        return normalize_lg_code(text, field=name)
    if spec.kind is FieldKind.COUNT:
        return _parse_count_field(spec, text)
    if spec.kind is FieldKind.DATE:
        return _parse_date_field(spec, text, today or date.today())
    return _parse_text_field(spec, text)


def _parse_count_field(spec: FieldSpec, text: str) -> int:
    try:
        value = parse_count(text)
    except ValidationError as exc:
        raise ValidationError(f"{spec.label}：{exc.user_message}", field=spec.name) from exc
    if value > MAX_POPULATION:
        raise ValidationError(f"{spec.label}が大きすぎます（{MAX_POPULATION:,}以下）。", field=spec.name)
    return value


def _parse_date_field(spec: FieldSpec, text: str, today: date) -> date:
    try:
        value = parse_date(text)
    except ValidationError as exc:
        raise ValidationError(f"{spec.label}：{exc.user_message}", field=spec.name) from exc
    if value > today:
        raise ValidationError(f"{spec.label}に未来の日付は入力できません。", field=spec.name)
    return value


def _parse_text_field(spec: FieldSpec, text: str) -> str:
    if len(text) > spec.max_length:
        raise ValidationError(
            f"{spec.label}は{spec.max_length}文字以内で入力してください（{len(text)}文字）。",
            field=spec.name,
        )
    if spec.name == "contact_phone":
        compact = unicodedata.normalize("NFKC", text).replace(" ", "").replace("ー", "-")
        if not _PHONE_RE.match(compact) or sum(c.isdigit() for c in compact) < 10:
            raise ValidationError("電話番号は市外局番から数字とハイフンで入力してください。", field=spec.name)
        return compact
    if spec.name == "contact_email":
        compact = unicodedata.normalize("NFKC", text).strip()
        if not _EMAIL_RE.match(compact):
            raise ValidationError(
                "メールアドレスの形式が正しくありません（例：dx@town.example.lg.jp）。", field=spec.name
            )
        return compact
    return text


def validate_profile(profile: TownProfile) -> list[ValidationError]:
    """Rules that involve more than one field; an empty list means the profile can be saved."""
    errors: list[ValidationError] = []
    for spec in FIELDS:
        value = getattr(profile, spec.name)
        if spec.required and value in ("", None):
            verb = "選択" if spec.kind is FieldKind.CHOICE else "入力"
            errors.append(ValidationError(f"{spec.label}を{verb}してください。", field=spec.name))
        elif value not in ("", None):
            problem = _value_problem(spec, value)
            if problem:
                errors.append(ValidationError(problem, field=spec.name))
    if profile.population is not None and profile.population_as_of is None:
        errors.append(
            ValidationError("住民基本台帳人口には基準日を入力してください。", field="population_as_of")
        )
    if (
        profile.population is not None
        and profile.general_staff is not None
        and profile.general_staff > profile.population
    ):
        errors.append(ValidationError("一般行政職員数が人口を超えています。", field="general_staff"))
    if profile.dx_dept_exists and not profile.dx_dept_name:
        errors.append(ValidationError("専任部署の名称を入力してください。", field="dx_dept_name"))
    if profile.cio_adviser_kind == "none" and profile.cio_adviser_appointment:
        errors.append(
            ValidationError(
                "CIO補佐官を置いていない場合、任用形態は選択できません。", field="cio_adviser_appointment"
            )
        )
    if profile.promotion_body_kind == "none" and (
        profile.promotion_body_name or profile.promotion_body_established
    ):
        errors.append(
            ValidationError(
                "全庁的推進体制が「設置していない」のに会議体の名称または設置日が入力されています。",
                field="promotion_body_kind",
            )
        )
    return errors


def _value_problem(spec: FieldSpec, value: Any) -> str:
    """What is wrong with an already-typed value (for values that bypass ``parse_field``)."""
    if spec.kind is FieldKind.COUNT and (not isinstance(value, int) or not 0 <= value <= MAX_POPULATION):
        return f"{spec.label}は0以上{MAX_POPULATION:,}以下の整数です。"
    if spec.kind is FieldKind.CHOICE and value not in dict(spec.choices):
        return f"{spec.label}の値「{value}」は選択肢にありません。"
    if spec.kind is FieldKind.TEXT and len(str(value)) > spec.max_length:
        return f"{spec.label}は{spec.max_length}文字以内で入力してください。"
    if spec.kind is FieldKind.DATE and not isinstance(value, date):
        return f"{spec.label}が日付ではありません。"
    if spec.kind is FieldKind.LG_CODE:
        try:
            if normalize_lg_code(str(value)) != value:
                return "団体コードは6桁で保存してください。"
        except ValidationError as exc:
            return exc.user_message
    return ""


def advice_for(profile: TownProfile) -> list[str]:
    """Recommendations that are not errors (shown, never blocking)."""
    notes: list[str] = []
    if profile.cio_name and profile.cio_post and not re.search(r"副(町|村|市|区)?長", profile.cio_post):
        notes.append("自治体DX推進計画では、CIOに副町村長等を充てることが推奨されています。")
    if profile.kind in ("shi", "ku"):
        notes.append("このアプリは町村向けに作られています（市・特別区でも利用できます）。")
    return notes
