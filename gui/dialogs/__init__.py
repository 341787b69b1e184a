"""Dialogs other than message boxes."""
