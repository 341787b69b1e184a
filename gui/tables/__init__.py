"""Item models: one thin QAbstractTableModel per list, with a role returning the record."""
