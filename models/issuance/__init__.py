"""マイナンバーカード交付円滑化計画 (PRODUCT.md §2.3): records, figures, capacity, storage.

Modules (the contract the GUI, the forms and the Excel workbook rely on):

- ``records``: the frozen dataclasses (IssuancePlan and its parts, PlanVersion,
  CapacitySettings) and the Japanese label mappings.
- ``figures``: monthly table and milestones computed from a plan —
  ``month_rows(plan) -> list[MonthRow]`` (planned/actual, cumulative issued, 交付率 of
  ``plan.population`` with HALF_UP 0.1), ``milestone_rows(plan) -> list[MilestoneRow]``
  (想定交付枚数 and its rate), ``latest_actual(plan) -> MonthRow | None``.
- ``system``: 交付体制 現状 → 目標 — ``strengthening(plan) -> list[Strengthening]`` for
  交付窓口数 / 統合端末数 / 職員配置数 / 土日開庁日数 with ratio, 増強 (target > baseline)
  and 1.5倍以上 flags.
- ``capacity``: ``capacity_report(plan, settings, *, today) -> CapacityReport`` — per month
  the capacity from the real calendar (business days, 国民の祝日, 年末年始, planned weekend
  and evening openings), the shortfall against planned issuance, the extra weekend days that
  would close it, the required issuances per business day to reach the target and the
  month the target is reached at the current pace.
- ``validation``: ``check_plan(plan, *, today) -> list[PlanIssue]`` (errors block saving,
  warnings are shown).
- ``paste``: ``parse_month_block(text, plan) -> PasteResult`` for monthly actuals pasted
  from Excel (tab-separated), with per-cell Japanese errors.
- ``repository``: ``IssuanceRepository(store)`` — ``load()``, ``save(plan)`` (one
  transaction, audit records for what changed), ``freeze(...)`` / ``versions()`` /
  ``version(number)`` for frozen submitted versions.
- ``demo``: the demo town's plan.
- ``labels``: Japanese labels of the plan's fields, 和暦 month names (``month_label``) and
  the wording of the plan's audit-log entries (used by ``models.history``).
- ``codec``: ``plan_to_json`` / ``plan_from_json`` — the exact snapshot format of frozen
  versions (also re-exported by ``repository``).
"""
