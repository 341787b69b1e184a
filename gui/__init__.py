"""Everything Qt: the application, windows, pages, widgets and dialogs."""
