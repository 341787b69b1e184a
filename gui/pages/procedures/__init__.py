"""The draft, detail panel and dialogs of the オンライン手続 page (gui/pages/procedures_page.py)."""
