"""Use cases behind the headless command line and the GUI's file actions.

Each command function returns ``(ok, lines to print)`` and raises ``AppError`` for expected
failures; main.py only parses arguments and prints.
"""
