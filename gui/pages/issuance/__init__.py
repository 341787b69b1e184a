"""The tabs, dialogs and draft of the 交付円滑化計画 page (gui/pages/issuance_page.py)."""
