"""The application's name and version (one place; the installer reads it too)."""

APP_NAME = "まちDX台帳"
APP_VERSION = "0.1.0"
