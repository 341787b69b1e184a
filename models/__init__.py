"""Domain layer of まちDX台帳 (Qt-free)."""
