"""The grader's desk: queue | dual playback + timeline | decisions."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from analysis.flags import Camera
from reviewer import review, speech
from reviewer.committee import Role, role_of
from reviewer.config import Config
from reviewer.identity import IdentitySettings
from reviewer.identity_view import candidate_identity
from reviewer.review import SubjectView
from reviewer.scan import ScanOptions, ScanSummary
from reviewer.storage.db import Database
from ui.batch_panel import BatchPanel
from ui.evidence import export_subject
from ui.export_banner import ExportBanner
from ui.help import show_shortcuts
from ui.manual_flag import ask_manual_flag
from ui.menus import bind_shortcuts, build_menus
from ui.panel import DecisionPanel
from ui.playback_column import PlaybackColumn
from ui.queue_view import QueueView
from ui.scanning import start_scan
from ui.settings import edit_settings
from ui.speech_view import TranscriptPanel, next_speech
from ui.tasks import Progress, run_task
from ui.timeline import PREROLL_S
from ui.window_layout import fit_screen, restore_layout, save_layout, size_columns
from ui.writes import Writes

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(
        self,
        db: Database,
        settings: QSettings,
        scan_options: ScanOptions,
        committee: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.db, self.settings, self.scan_options = db, settings, scan_options
        self.committee = committee  # names whose actions are the committee's (config [roles])
        self.sign_key: Ed25519PrivateKey | None = None  # the institution's, for evidence
        self.view: SubjectView | None = None
        self.setWindowTitle(self.tr("DualCam Review"))
        fit_screen(self)
        self._build()
        build_menus(self)
        bind_shortcuts(self)
        self.refresh_queue()

    # --- layout ---------------------------------------------------------------
    def _build(self) -> None:
        self.queue = left = QueueView()
        self.table, self.proxy, self.model = left.table, left.proxy, left.model
        left.subject_selected.connect(self.open_subject)

        self.centre = centre = PlaybackColumn()  # both cameras, playback bar, timeline
        self.main_pane, self.aux_pane = centre.main_pane, centre.aux_pane
        self.player, self.audio, self.bar = centre.player, centre.audio, centre.bar
        self.timeline, self.preview = centre.timeline, centre.preview
        self.timeline.flag_clicked.connect(self.go_to_flag)

        self.panel = DecisionPanel()
        self.panel.flag_selected.connect(self.go_to_flag)
        self.panel.best_frame.connect(self.show_best_frame)
        self.panel.decide.connect(self._decide)
        self.panel.verdict.connect(self._verdict)
        self.panel.second_review.connect(self._second_review)
        self.panel.committee_verdict.connect(self._committee_verdict)
        self.panel.identity.db = self.db
        self.panel.identity.jump.connect(self.jump_to_face)
        self.writes = Writes(self, self.db)
        self.writes.committee = self.committee
        self.writes.saved.connect(self._saved)

        self.transcript = TranscriptPanel()
        self.transcript.seek.connect(self.player.seek)
        right = QSplitter(Qt.Orientation.Vertical)  # decisions above, what was said below
        right.addWidget(self.panel)
        right.addWidget(self.transcript)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.split = split = QSplitter()
        for w, stretch in ((left, 0), (centre, 1), (right, 0)):
            split.addWidget(w)
            split.setStretchFactor(split.indexOf(w), stretch)
        split.setChildrenCollapsible(False)
        self.person = QLabel()  # who is at the desk: stays while messages come and go
        self.statusBar().addPermanentWidget(self.person)
        self.banner = ExportBanner()  # an export whose signature fails
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.banner)
        column.addWidget(split, 1)
        self.setCentralWidget(central)
        self._restored = restore_layout(self, self.settings, self.split)
        self._shown_once = False
        self._show_person()

    def _show_person(self) -> None:
        """Who is at the desk, as what: every action is saved under this name and role."""
        role = role_of(self.grader, self.committee)
        self.panel.verdict_group.set_person(self.grader, role)
        who = self.tr("Committee: %s") if role == Role.COMMITTEE else self.tr("Grader: %s")
        self.person.setText(who % self.grader)
        if self.view is not None:
            self.panel.verdict_group.show_state(self.view.verdict_state)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:  # the splitter lays out again when first shown
            self._shown_once = True
            QTimer.singleShot(0, self._size_columns)

    def _size_columns(self) -> None:
        if not self._restored:
            size_columns(self, self.split, self.queue.needed_width(), self.panel)

    # --- queue -----------------------------------------------------------------
    @property
    def grader(self) -> str:
        return str(self.settings.value("grader", "") or "grader")

    def refresh_queue(self, keep: int | None = None) -> None:
        """Load the queue now (at start-up); later refreshes use `reload_queue`."""
        with self.db.session() as s:
            self._apply_queue((review.review_queue(s), review.export_problems(s)), keep)

    def reload_queue(self, keep: int | None = None) -> None:
        """Rebuild the queue off the GUI thread (5,000 subjects take ~0.3 s here)."""
        db = self.db

        def load() -> tuple[list[review.ReviewItem], list[review.ExportProblem]]:
            with db.session() as s:
                return review.review_queue(s), review.export_problems(s)

        run_task(self, load, on_done=lambda items: self._apply_queue(items, keep))

    def _apply_queue(
        self,
        loaded: tuple[list[review.ReviewItem], list[review.ExportProblem]],
        keep: int | None,
    ) -> None:
        items, problems = loaded
        self.banner.show_problems(problems)
        # Re-selecting the subject already open must not reopen it (and lose the playhead).
        same = keep is not None and self.view is not None and self.view.item.subject_id == keep
        self.queue.set_items(items, keep, quiet=same)
        self._size_columns()

    def next_subject(self) -> None:
        self.queue.next_subject()

    # --- subject ---------------------------------------------------------------
    def open_subject(self, subject_id: int, keep_position: bool = False) -> None:
        position = self.player.position
        with self.db.session() as s:
            self.view = review.subject_view(s, subject_id)
            voices = speech.subject_speech(s, subject_id)
        v = self.view
        same = keep_position and self.main_pane.source is not None
        if not same:
            self.main_pane.open(v.recordings[Camera.MAIN], v.readable[Camera.MAIN])
            self.aux_pane.open(v.recordings[Camera.AUX], v.readable[Camera.AUX])
            readable_main = v.readable[Camera.MAIN]
            self.preview.set_source(v.recordings[Camera.MAIN] if readable_main else None)
            cams = (Camera.MAIN, Camera.AUX)
            self.audio.set_recordings(
                *(v.recordings[c] if v.readable[c] else None for c in cams),
                has_sound=(v.has_audio.get(Camera.MAIN, False), v.has_audio.get(Camera.AUX, False)),
            )
        self.main_pane.overlays = review.evidence_observations(v.flags, Camera.MAIN)
        self.aux_pane.overlays = review.evidence_observations(v.flags, Camera.AUX)
        duration = max(v.durations[Camera.MAIN], v.durations[Camera.AUX] + v.offset_s, 1.0)
        fps = self.main_pane.source.fps if self.main_pane.source else 30.0
        self.transcript.show_speech(voices, v.offset_s, speech.transcription_missing())
        self.timeline.speech = self.transcript.spans
        self.timeline.set_subject(v.flags, duration, v.offset_s)
        self.panel.show_subject(v)
        if same:
            self.player.duration, self.player.offset = duration, v.offset_s
            self.player.seek(position)
        else:
            self.player.load(duration, v.offset_s, fps)

    def go_to_flag(self, flag_id: int) -> None:
        if self.view is None:
            return
        f = next((f for f in self.view.flags if f.id == flag_id), None)
        if f is None:
            return
        self.timeline.selected = flag_id
        self.panel.select_flag(flag_id)
        start, _ = self.timeline.main_time(f)
        self.player.pause()
        self.player.seek(max(0.0, start - PREROLL_S))

    def show_best_frame(self, flag_id: int) -> None:
        """Pause on the flag's strongest frame, where its evidence boxes are drawn."""
        f = next((f for f in self.view.flags if f.id == flag_id), None) if self.view else None
        t = None if f is None else self.timeline.best_time(f)
        if t is not None:
            self.player.pause()
            self.player.seek(t)

    def next_speech(self) -> None:
        t = next_speech(self.transcript.spans, self.player.position)
        if t is not None:
            self.player.seek(max(0.0, t - 0.5))

    def jump_to_face(self, subject_id: int, camera: str, t: float) -> None:
        """Show a face of an identity flag: its subject, paused at its moment."""
        flag = self.panel.current_flag()
        if self.view is None or self.view.item.subject_id != subject_id:
            self.open_subject(subject_id)
        elif flag is not None:
            self.panel.select_flag(flag)
        self.player.pause()
        self.player.seek(max(0.0, t + (self.player.offset if camera == "aux" else 0.0)))

    def show_identity(self) -> QDialog | None:
        """File → Candidate identity…: the open subject's candidate's similarity matrix."""
        from ui.identity_dialog import IdentityDialog

        if self.view is None:
            return None
        v, options = self.view, self.scan_options.identity or IdentitySettings()
        with self.db.session() as s:
            m = candidate_identity(s, v.item.subject_id, options)
        dialog = IdentityDialog(self, v.item.candidate_id, m)
        dialog.show()
        return dialog

    # --- decisions (ui/writes.py: one session per background task) ---------------
    def _saved(self, subject_id: int) -> None:
        self.statusBar().showMessage(self.tr("Saved"), 3000)
        keep_flag = self.panel.current_flag()
        self.reload_queue(keep=subject_id)
        if self.view is not None and self.view.item.subject_id == subject_id:
            self.open_subject(subject_id, keep_position=True)
            if keep_flag is not None:
                self.panel.select_flag(keep_flag)

    def _decide(self, flag_id: int, decision: str, note: str) -> None:
        if self.view is not None:
            self.writes.decide(self.view, flag_id, decision, note, self.grader)

    def _verdict(self, verdict: str, rule: str, note: str) -> None:
        if self.view is not None:
            self.writes.verdict(self.view, verdict, rule, note, self.grader)

    def _second_review(self, agree: bool, note: str) -> None:
        if self.view is not None:
            self.writes.second_review(self.view, agree, note, self.grader)

    def _committee_verdict(self, verdict: str, note: str) -> None:
        if self.view is not None:
            self.writes.committee_verdict(self.view, verdict, note, self.grader)

    def manual_flag(self) -> None:
        asked = None if self.view is None else ask_manual_flag(self)
        if self.view is None or asked is None:
            return
        (kind, note), t = asked, self.player.position
        grader, sid = self.grader, self.view.item.subject_id
        self.writes.run(
            lambda s: review.add_manual_flag(
                s, sid, kind, Camera.MAIN, max(0.0, t - 2.5), t + 2.5, grader, note
            ),
            sid,
        )

    # --- scanning ---------------------------------------------------------------
    def choose_and_scan(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export folder"))
        if folder:
            self.scan(Path(folder))

    def export_evidence(self, folder: Path | None = None) -> Progress | None:
        """The open subject's evidence package for the committee (File → Export evidence…)."""
        if self.view is None:
            return None
        language = str(self.settings.value("language", "") or "en")
        return export_subject(
            self, self.db, self.view, self.grader, language, self.sign_key, folder
        )

    def show_batch(self) -> BatchPanel:
        """The overnight batch's progress (File → Overnight batch…), refreshed off the GUI
        thread while it is open."""
        panel = BatchPanel(self, self.db.url)
        panel.show()
        return panel

    def scan(self, folder: Path) -> Progress:
        options = replace(self.scan_options, actor=self.grader)  # the audit log's "who"
        return start_scan(self, self.db, options, folder, self._scan_done)

    def _scan_done(self, summary: ScanSummary) -> None:
        self.reload_queue()
        status = {"completed": self.tr("completed"), "cancelled": self.tr("cancelled")}
        self.statusBar().showMessage(
            self.tr("Scan %s: %d subjects")
            % (status.get(summary.status, summary.status), summary.subjects),
            8000,
        )

    # --- settings and help -----------------------------------------------------
    def ask_grader(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("Grader name"), self.tr("Name"), text=self.grader
        )
        if ok and name.strip():
            self.settings.setValue("grader", name.strip())
            self._show_person()

    def open_settings(self) -> None:
        role = role_of(self.grader, self.committee).value
        config = edit_settings(self, self.settings, self.db, self.grader, role)
        if config is not None:
            self.apply_config(config)
            self._show_person()

    def apply_config(self, config: Config) -> None:
        """Scans started from the desk use the thresholds just saved; roles too."""
        opts = self.scan_options
        detect = config.detection if opts.detect is not None else None
        self.scan_options = replace(opts, detect=detect, rules=config.rules, speech=config.speech)
        self.committee = self.writes.committee = config.committee

    def show_shortcuts(self) -> None:
        show_shortcuts(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        save_layout(self, self.settings, self.split)
        self.player.pause()
        self.audio.close()
        from ui.tasks import wait_idle

        wait_idle()
        self.main_pane.close_source()
        self.aux_pane.close_source()
        self.preview.set_source(None)
        self.preview.close()
        super().closeEvent(event)
