"""The PDF form engine (PRODUCT.md §4.1): one page template, fonts, tables and charts
shared by every 様式, and one module per form.

- ``fonts``: the embedded BIZ UD TrueType fonts, registered once on first use.
- ``page``: ``FormHeader`` and ``render(header, story)`` — A4 portrait/landscape pages with
  様式番号, 団体名（団体コード）, 作成日 (和暦) and 「- n -」.
- ``tables``: ``data_table`` (単位/基準日 caption, repeated headers, numbers right-aligned,
  source line), ``key_value_table``, ``oriented`` (landscape when a table is too wide).
- ``charts``: ``issuance_chart``, ``capacity_chart``, ``comparison_chart`` (on ``plot``:
  scales, axes, legend, bars and lines).
- ``reference``: the benchmark 交付率 (町村平均 / prefecture / 全国) from the catalogue.
- ``issuance`` (+ ``issuance_sections`` for sections 4–7, ``issuance_capacity`` for
  section 8): 「マイナンバーカード交付円滑化計画」 — ``IssuanceForm``, ``render_issuance``.

reportlab is imported by the submodules only, so ``import forms`` stays light and the GUI
pays for reportlab when the first form is made. Two process-wide reportlab settings are
made here, before any of its graphics modules load: attribute checking of chart shapes
(a development aid) is off, and PDF streams are not ASCII85-encoded (binary streams are
smaller and faster to write; every PDF reader takes them).
"""

from reportlab import rl_config

rl_config.shapeChecking = 0
rl_config.useA85 = 0
