"""行政手続オンライン化チェックリスト (PRODUCT.md §2.4).

Modules (the contract the page, the forms and the workbook rely on):

- ``records``: CatalogueEntry, ProcedureStatus, UsageFigures, Checklist and the label maps.
- ``catalogue``: the national list from resources/catalog/procedures.csv (list version),
  the default status of each entry for a town (prefectural ones 対象外), grouping for display.
- ``summary``: header figures — 31手続 (対象 27件中 オンライン化済 n件, ぴったり-only and all
  channels side by side) and 優先手続 (the 58 as known), per category; usage rates per 年度
  (HALF_UP 0.1, 0 total → None shown as 「－」).
- ``alerts``: overdue 31-list procedures after 令和4年度末, planned 年度 in the past, online >
  total (error), a prefectural procedure marked 対象 (warning).
- ``matching``: normalised names for matching pasted text (Kangxi radicals, half-width kana;
  never NFKC whole documents) and the paste parser for a 年度's 手続名/総件数/オンライン件数 block.
- ``catalogue_update``: reading a newer list (CSV/XLSX) and the diff against the current one;
  applying it keeps the town's statuses.
- ``repository``: ChecklistRepository(store) — load(), save_status(), save_usage(), town
  procedures (add/edit/retire), apply_catalogue_update(); audit records for every change.
- ``demo``: the demo town's checklist.
- ``labels``: Japanese labels of the fields and the wording of the audit-log entries
  (table ``procedures``, used by ``models.history``).

The matching key itself (PRODUCT.md §3.4) is ``models.text.normalise_for_matching``.
"""
