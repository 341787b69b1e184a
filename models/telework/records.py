"""テレワーク導入: the records of one town's rollout (Qt-free, frozen dataclasses).

The rollout follows the 10 steps of 総務省's 「地方公共団体におけるテレワーク推進のための手引き」
(①–⑤ 試行, ⑥–⑩ 本格実施). For each step the town keeps its status, planned and actual dates,
the owner 課, notes and the documents that evidence it (text, not attachments). Beside the
steps: the forms of telework adopted, the environment, the rules, staff figures per 年度,
the target work by ease level, the reasons not yet adopted (survey wording) and the
expenses per 年度 by eligible type. Codes are English; Japanese labels live in ``*_LABELS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "EASE_LEVEL_LABELS",
    "EXPENSE_CATEGORY_LABELS",
    "FORM_LABELS",
    "METHOD_LABELS",
    "NON_ADOPTION_REASON_LABELS",
    "PHASE_FULL",
    "PHASE_LABELS",
    "PHASE_TRIAL",
    "STATUS_LABELS",
    "VERIFICATION_STEP",
    "Environment",
    "Evidence",
    "Expense",
    "Rules",
    "StaffFigures",
    "StepProgress",
    "TargetWork",
    "TeleworkPlan",
    "TeleworkStep",
]

PHASE_TRIAL = "trial"
PHASE_FULL = "full"
PHASE_LABELS = {PHASE_TRIAL: "試行", PHASE_FULL: "本格実施"}
#: ⑤検証: the step that closes the 試行 phase.
VERIFICATION_STEP = 5

STATUS_LABELS = {
    "not_started": "未着手",
    "in_progress": "実施中",
    "done": "完了",
    "not_applicable": "対象外",
}
FORM_LABELS = {
    "home": "在宅勤務",
    "satellite": "サテライトオフィス勤務",
    "mobile": "モバイルワーク",
}
METHOD_LABELS = {
    "screen_transfer": "画面転送",
    "vpn": "VPN",
    "thin_client": "シンクライアント",
    "lgwan": "LGWAN接続系への接続方式",
}
#: Ease levels of target work, 1 = easiest; the rollout widens level by level (app wording).
EASE_LEVEL_LABELS = {
    1: "導入しやすい業務",
    2: "工夫により導入できる業務",
    3: "導入が難しい業務",
}
#: Survey wording, verbatim from telework_stats.csv (non_adoption_reason rows).
NON_ADOPTION_REASON_LABELS = {
    "counter_work": "窓口業務や相談業務などがテレワークになじまない",
    "security": "情報セキュリティの確保に不安",
    "field_work": "現場業務はテレワークになじまない",
    "personal_info": "個人情報やマイナンバーを取扱う業務は実施できない",
    "cost": "導入コストがかかる",
}
#: 特別交付税 eligible expense types, in display order.
EXPENSE_CATEGORY_LABELS = {
    "ict_equipment": "ICT機器",
    "external_connection": "外部接続システム・コミュニケーションツール",
    "software": "ソフトウェア",
    "license": "ライセンス",
    "security": "シンクライアント等セキュリティ対策",
    "server": "サーバ",
    "support": "導入サポート",
}


@dataclass(frozen=True)
class TeleworkStep:
    """One of the 10 steps of the 手引き (catalogue entry; name verbatim)."""

    no: int  # 1..10, shown as ①..⑩
    name: str
    phase: str  # key of PHASE_LABELS

    @property
    def phase_label(self) -> str:
        return PHASE_LABELS[self.phase]


@dataclass(frozen=True)
class Evidence:
    """A document that evidences a step: name, 文書番号, date (text only)."""

    name: str
    document_no: str = ""
    issued: date | None = None


@dataclass(frozen=True)
class StepProgress:
    """The town's progress on one step."""

    step_no: int
    status: str = "not_started"  # key of STATUS_LABELS
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    owner_dept: str = ""
    notes: str = ""
    evidence: tuple[Evidence, ...] = ()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def started(self) -> bool:
        """実施中 or 完了, or an actual start date entered."""
        return self.status in ("in_progress", "done") or self.actual_start is not None


@dataclass(frozen=True)
class Environment:
    """The environment: 方式 (keys of METHOD_LABELS), 端末 count, 認証方式 (free text)."""

    methods: tuple[str, ...] = ()
    terminals: int | None = None
    authentication: str = ""


@dataclass(frozen=True)
class Rules:
    """The rules and the dates they were adopted: 実施要領 and 服務規程."""

    guidelines_adopted: date | None = None  # 実施要領
    service_rules_adopted: date | None = None  # 服務規程


@dataclass(frozen=True)
class StaffFigures:
    """Staff figures of one 年度 (counts; ``None`` = not entered).

    ``general_staff`` is 一般行政職員数 (from the town profile); ``unsuitable_staff`` the staff
    whose work clearly does not suit telework; ``able_staff`` those able to telework;
    ``actual_users`` those who actually did.
    """

    fiscal_year: int
    general_staff: int | None = None
    unsuitable_staff: int | None = None
    able_staff: int | None = None
    actual_users: int | None = None


@dataclass(frozen=True)
class TargetWork:
    """A work targeted for telework, its 課 and ease level (key of EASE_LEVEL_LABELS)."""

    work: str
    dept: str
    ease_level: int

    @property
    def ease_label(self) -> str:
        return EASE_LEVEL_LABELS.get(self.ease_level, f"レベル{self.ease_level}")


@dataclass(frozen=True)
class Expense:
    """An eligible expense of one 年度 (category: key of EXPENSE_CATEGORY_LABELS), in yen."""

    fiscal_year: int
    category: str
    amount: int
    note: str = ""


@dataclass(frozen=True)
class TeleworkPlan:
    """The town's telework rollout as a whole."""

    steps: tuple[TeleworkStep, ...]  # the catalogue (see ``catalogue.telework_steps``)
    progress: tuple[StepProgress, ...] = ()
    adopted: bool = False  # 導入済 (including 試験的・実験的な導入)
    forms: tuple[str, ...] = ()  # keys of FORM_LABELS
    environment: Environment = field(default_factory=Environment)
    rules: Rules = field(default_factory=Rules)
    staff: tuple[StaffFigures, ...] = ()
    target_work: tuple[TargetWork, ...] = ()
    non_adoption_reasons: tuple[str, ...] = ()  # keys of NON_ADOPTION_REASON_LABELS
    expenses: tuple[Expense, ...] = ()

    def progress_of(self, step_no: int) -> StepProgress:
        """The progress of a step (未着手 with no dates when none is recorded)."""
        for item in self.progress:
            if item.step_no == step_no:
                return item
        return StepProgress(step_no)

    def target_work_by_ease(self) -> list[TargetWork]:
        """Target work from the easiest level to the hardest (stable within a level)."""
        return sorted(self.target_work, key=lambda w: w.ease_level)
