"""One page per module, shown in the main window."""
