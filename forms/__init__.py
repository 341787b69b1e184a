"""The 様式: everything the town prints (PDF) or sends (Excel). Qt-free.

- ``forms.pdf``: the PDF form engine (page template, embedded fonts, tables, charts) and
  one module per form, starting with 「マイナンバーカード交付円滑化計画」.
- ``forms.excel``: the prefecture workbook (export and strict import).

models → forms is the only direction of data flow: a form is made from records and
computed figures, so it can be produced headless (``main.py export``), in tests and in the
prefecture's batch runs. The heavy libraries (reportlab, openpyxl) are imported by the
subpackages' modules only, when a form is made, never by ``import forms``.
"""
