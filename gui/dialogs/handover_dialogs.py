"""引き継ぎファイル (hand-over package): create one for the successor, or open one.

Both dialogs keep their logic in plain methods (``write_package``, ``inspect``, ``chosen_target``)
so tests drive them without ``exec()``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui import errors
from gui.session import Session
from models.errors import AppError, ValidationError
from models.store import handover, secrets
from models.store.handover import Manifest

PACKAGE_FILTER = f"引き継ぎファイル (*{handover.PACKAGE_SUFFIX})"
ERROR_STYLE = "color: #b00020;"


def _browse_row(line: QLineEdit, on_browse: Callable[[], None]) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(line, 1)
    button = QPushButton("参照…")
    button.clicked.connect(on_browse)
    layout.addWidget(button)
    return row


def _message_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def _add_buttons(
    dialog: QDialog, layout: QVBoxLayout, text: str, on_click: Callable[[], None]
) -> QPushButton:
    """The action button and キャンセル, right-aligned; returns the action button."""
    row = QHBoxLayout()
    row.addStretch(1)
    action = QPushButton(text)
    action.setDefault(True)
    action.clicked.connect(on_click)
    row.addWidget(action)
    cancel = QPushButton("キャンセル")
    cancel.clicked.connect(dialog.reject)
    row.addWidget(cancel)
    layout.addLayout(row)
    return action


class CreateHandoverDialog(QDialog):
    """ファイル > 引き継ぎファイルの作成."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("引き継ぎファイルの作成")
        self.setMinimumWidth(560)
        name, code = session.town.identity()
        self.account = secrets.handover_account(code or "unknown")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "データベース全体を暗号化した1つのファイル（引き継ぎファイル）を作ります。"
            "後任者やバックアップ用の媒体に渡してください。パスフレーズは別の方法（口頭・封書など）で伝えてください。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        default = Path.home() / f"{code}_{name}_引き継ぎ_{date.today():%Y%m%d}{handover.PACKAGE_SUFFIX}"
        self.out = QLineEdit(str(default))
        self.out.setAccessibleName("保存先")
        form.addRow("保存先：", _browse_row(self.out, self._browse))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("パスフレーズ")
        self.passphrase.setPlaceholderText(f"{handover.MIN_PASSPHRASE_LENGTH}文字以上")
        form.addRow("パスフレーズ：", self.passphrase)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setAccessibleName("パスフレーズ（確認）")
        form.addRow("パスフレーズ（確認）：", self.confirm)
        layout.addLayout(form)
        self.remember = QCheckBox("このパスフレーズをOSの資格情報マネージャーに記憶する")
        available = secrets.keyring_available()
        self.remember.setEnabled(available)
        if not available:
            self.remember.setToolTip(
                "この端末では資格情報マネージャーを利用できません（毎回入力してください）"
            )
        layout.addWidget(self.remember)
        self.message = _message_label()
        layout.addWidget(self.message)
        self.create_button = _add_buttons(self, layout, "作成する", self._on_create)
        for line in (self.passphrase, self.confirm, self.out):
            line.textChanged.connect(self.validate)
        self.validate()

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "引き継ぎファイルの保存先", self.out.text(), PACKAGE_FILTER
        )
        if name:
            path = Path(name)
            self.out.setText(str(path if path.suffix else path.with_suffix(handover.PACKAGE_SUFFIX)))

    def validate(self) -> bool:
        problem = ""
        try:
            handover.check_passphrase(self.passphrase.text())
        except ValidationError as exc:
            problem = exc.user_message
        if not problem and self.passphrase.text() != self.confirm.text():
            problem = "確認用のパスフレーズが一致しません。"
        if not problem and not self.out.text().strip():
            problem = "保存先を指定してください。"
        self.message.setText(f"⚠ {problem}" if problem and self.passphrase.text() else "")
        self.create_button.setEnabled(not problem)
        return not problem

    def write_package(self) -> Manifest | None:
        """Write the package; None (after telling the user) when it failed."""
        if not self.validate():
            return None
        out = Path(self.out.text().strip())
        try:
            manifest = handover.create_package(self.session.store, out, self.passphrase.text())
        except AppError as exc:
            errors.show_error(self, exc, title="引き継ぎファイルを作成できません")
            return None
        remembered = ""
        if self.remember.isChecked():
            ok = secrets.remember_passphrase(self.account, self.passphrase.text())
            remembered = (
                "\nパスフレーズを資格情報マネージャーに記憶しました。"
                if ok
                else "\nパスフレーズを記憶できませんでした。"
            )
        errors.show_info(self, f"引き継ぎファイルを作成しました：\n{out}{remembered}")
        return manifest

    def _on_create(self) -> None:
        if self.write_package() is not None:
            self.accept()


class OpenHandoverDialog(QDialog):
    """ファイル > 引き継ぎファイルを開く: passphrase → manifest → where to unpack → confirm."""

    def __init__(self, session: Session | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.manifest: Manifest | None = None
        self.setWindowTitle("引き継ぎファイルを開く")
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.package = QLineEdit()
        self.package.setAccessibleName("引き継ぎファイル")
        form.addRow("引き継ぎファイル：", _browse_row(self.package, self._browse_package))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("パスフレーズ")
        if session is not None:
            code = session.town.identity()[1]
            self.passphrase.setText(
                secrets.recall_passphrase(secrets.handover_account(code or "unknown")) or ""
            )
        form.addRow("パスフレーズ：", self.passphrase)
        layout.addLayout(form)
        self.inspect_button = QPushButton("内容を確認")
        self.inspect_button.clicked.connect(self.inspect)
        layout.addWidget(self.inspect_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("引き継ぎファイルの内容")
        layout.addWidget(self.summary)
        self.replace_current = QRadioButton("現在のデータと置き換える（現在のデータはバックアップします）")
        self.new_file = QRadioButton("新しいデータファイルとして保存する")
        self.target = QLineEdit()
        self.target.setAccessibleName("保存先のデータファイル")
        layout.addWidget(self.replace_current)
        layout.addWidget(self.new_file)
        layout.addWidget(_browse_row(self.target, self._browse_target))
        current = session is not None and not session.readonly and session.store.path is not None
        self.replace_current.setEnabled(current)
        (self.replace_current if current else self.new_file).setChecked(True)
        self.message = _message_label()
        layout.addWidget(self.message)
        self.open_button = _add_buttons(self, layout, "展開する", self._on_open)
        self.open_button.setEnabled(False)
        for line in (self.package, self.passphrase):
            line.textChanged.connect(self._forget_manifest)

    def _browse_package(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "引き継ぎファイルを開く", "", PACKAGE_FILTER)
        if name:
            self.package.setText(name)

    def _browse_target(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "展開先のデータファイル", "machidx.db", "データファイル (*.db)"
        )
        if name:
            self.target.setText(name)
            self.new_file.setChecked(True)

    def _forget_manifest(self) -> None:
        self.manifest = None
        self.summary.setText("")
        self.open_button.setEnabled(False)

    def inspect(self) -> Manifest | None:
        """Decrypt and verify the package, then show its manifest."""
        self._forget_manifest()
        try:
            manifest, _ = handover.read_package(Path(self.package.text().strip()), self.passphrase.text())
        except AppError as exc:
            self.message.setText(f"⚠ {exc.user_message}")
            return None
        except OSError as exc:
            self.message.setText(f"⚠ 引き継ぎファイルを読み込めません：{exc.strerror or exc}")
            return None
        self.message.setText("")
        self.manifest = manifest
        self.summary.setText("\n".join(manifest.summary_lines()))
        self.open_button.setEnabled(True)
        return manifest

    def chosen_target(self) -> Path | None:
        """Where to unpack: the current database or the new file typed; None if missing."""
        if self.replace_current.isChecked() and self.session is not None and self.session.store.path:
            return self.session.store.path
        text = self.target.text().strip()
        if not text:
            self.message.setText("⚠ 保存先のデータファイルを指定してください。")
            return None
        path = Path(text)
        return path if path.suffix else path.with_suffix(".db")

    def _on_open(self) -> None:
        if self.manifest is None or self.chosen_target() is None:
            return
        self.accept()
