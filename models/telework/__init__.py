"""テレワーク導入 (PRODUCT.md §2.5): the 10-step rollout, staff figures and costs.

Modules (the contract the page, the forms and the workbook rely on):

- ``records``: TeleworkStep, StepProgress, Evidence, Environment, Rules, StaffFigures,
  TargetWork, Expense, TeleworkPlan and the Japanese ``*_LABELS`` maps (codes are English).
- ``catalogue``: the 10 steps from resources/catalog/telework_steps.csv (names verbatim, ①–⑤
  試行, ⑥–⑩ 本格実施) and the national statistics from telework_stats.csv (adoption, the
  実施可能な職員の割合 / 利用率 bucket distributions, non-adoption reasons) with their 基準日.
- ``figures``: 実施可能職員割合 (able ÷ 一般行政職員) and 利用率 (users ÷ able), HALF_UP 0.1,
  ``None`` when the denominator is 0 or missing; the survey bucket of a rate (applied to the
  rounded rate, as 総務省 tables do) and the national distribution beside it; the current
  phase of the rollout (未着手 / 試行 / 本格実施).
- ``warnings``: ``alerts(plan, today=...)`` — 本格実施 steps started before ⑤検証 is 完了,
  planned dates in the past, 完了 without an actual date (warnings); actual end before
  start and impossible staff figures (errors).
- ``estimate``: eligible expenses per 年度 and category → 特別交付税 estimate at 措置率 0.5,
  whole yen rounded down, labelled 「財政力補正前の概算」.
- ``repository``: ``TeleworkRepository(store)`` — ``load()`` (read-only; migration 4 seeds the
  10 steps 未着手) and ``save(plan, enforce_rules=True)`` (errors refused, one transaction,
  one audit row per changed value, ``table_name = "telework"``).
- ``labels``: the audit wording (field paths → Japanese, values → labels/和暦/人/円).
- ``demo``: みどり町's rollout from resources/demo/demo_telework.json.
"""
