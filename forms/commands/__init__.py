"""Use cases that produce or read the 様式 (PDF forms, the prefecture workbook), for the
command line and the GUI. They live in forms/ because models/ never imports forms/."""
