"""The prefecture workbook (PRODUCT.md §4.2): export, strict import, fixed column layouts.

- ``layout``: the documented column layout of every sheet (one place, used both ways);
- ``styles``: fonts, number formats (和暦 dates), print setup, frozen headers;
- ``registry``: the modules whose sheets the workbook holds (交付円滑化計画 so far);
- ``workbook``: ``export_workbook(store, out)`` and the file name rule;
- ``importer``: ``read_workbook(path, expected_lg_code=…)`` and ``apply_import(store, result)``;
- ``issuance_sheets``: the 交付円滑化計画 sheets; ``cells``: reading one cell strictly.

openpyxl is imported only when a workbook is made or read.
"""
