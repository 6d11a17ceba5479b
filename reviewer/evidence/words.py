"""The evidence report's words in English and Simplified Chinese (the desk's terms).

The report is read outside the desk (by the discipline committee), so it cannot
use Qt's translations; these tables are its own. Burn-in text on the videos is
English (see `reviewer.evidence.burnin`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from analysis.flags import Camera, FlagType, Source

LANGUAGES = ("en", "zh_CN")

FLAG_TYPES: dict[str, dict[FlagType, str]] = {
    "en": {
        FlagType.LEFT_FRAME: "Left the frame",
        FlagType.SECOND_PERSON: "Second person",
        FlagType.MIRROR: "Mirror",
        FlagType.PHONE: "Phone in use",
        FlagType.CAMERA_OBSTRUCTED: "Camera obstructed",
        FlagType.PICTURE_OF_PERSON: "Picture of a person",
        FlagType.MISSING_RECORDING: "Missing recording",
        FlagType.TIMESTAMP_GAP: "Recording cut (timestamp gap)",
        FlagType.HASH_MISMATCH: "File changed (hash mismatch)",
        FlagType.SIGNATURE_INVALID: "Manifest signature invalid",
        FlagType.UNREADABLE: "Recording unreadable",
        FlagType.PAIR_MISMATCH: "Main and aux do not match",
        FlagType.DURATION_EXCEEDED: "Duration exceeded",
        FlagType.SPEECH_IN_SILENT_SUBJECT: "Speech in a silent subject",
        FlagType.WRONG_LANGUAGE: "Answered in another language",
        FlagType.IDENTITY_STATED: "Name or candidate number said",
        FlagType.IDENTITY_MISMATCH: "Not the same person (impersonation)",
        FlagType.PERSON_CHANGED: "Person changed during the recording",
        FlagType.IDENTITY_UNRESOLVED: "Different people in two subjects (which one is unclear)",
    },
    "zh_CN": {
        FlagType.LEFT_FRAME: "离开画面",
        FlagType.SECOND_PERSON: "他人进入",
        FlagType.MIRROR: "镜子",
        FlagType.PHONE: "使用手机",
        FlagType.CAMERA_OBSTRUCTED: "遮挡镜头",
        FlagType.PICTURE_OF_PERSON: "人物照片或画像",
        FlagType.MISSING_RECORDING: "缺少视频",
        FlagType.TIMESTAMP_GAP: "视频被截断",
        FlagType.HASH_MISMATCH: "文件被改动",
        FlagType.SIGNATURE_INVALID: "清单签名无效",
        FlagType.UNREADABLE: "视频无法读取",
        FlagType.PAIR_MISMATCH: "主辅机视频不匹配",
        FlagType.DURATION_EXCEEDED: "超出时长",
        FlagType.SPEECH_IN_SILENT_SUBJECT: "非口试科目中说话",
        FlagType.WRONG_LANGUAGE: "使用非报名语种作答",
        FlagType.IDENTITY_STATED: "报出姓名或考号",
        FlagType.IDENTITY_MISMATCH: "非同一人（替考）",
        FlagType.PERSON_CHANGED: "录像中途换人",
        FlagType.IDENTITY_UNRESOLVED: "两个科目中出现不同的人（无法判断哪一个是考生）",
    },
}

CAMERAS: dict[str, dict[Camera, str]] = {
    "en": {Camera.MAIN: "main", Camera.AUX: "aux", Camera.PAIR: "pair", Camera.EXPORT: "export"},
    "zh_CN": {
        Camera.MAIN: "主机",
        Camera.AUX: "辅机",
        Camera.PAIR: "主辅机",
        Camera.EXPORT: "导出",
    },
}

SOURCES: dict[str, dict[Source, str]] = {
    "en": {Source.AI: "AI", Source.RULE: "rule", Source.HUMAN: "grader"},
    "zh_CN": {Source.AI: "AI 检测", Source.RULE: "规则", Source.HUMAN: "阅卷老师"},
}

VALUES: dict[str, dict[str, str]] = {
    "en": {
        "confirm": "confirmed",
        "dismiss": "dismissed",
        "uncertain": "uncertain",
        "verdict": "verdict",
        "no_violation": "no violation",
        "violation": "violation",
        "needs_committee": "needs the committee",
        "none": "none",
        "audio": "audio",
        "visual": "motion",
        "metadata": "metadata",
        "ok": "valid",
        "invalid": "INVALID",
        "not_checked": "not checked (no key configured)",
        "match": "matches",
        "mismatch": "DOES NOT MATCH",
        "missing": "missing",
        "copy": "stream copy (no re-encoding)",
        "reencode": "re-encoded",
    },
    "zh_CN": {
        "confirm": "确认违规",
        "dismiss": "排除",
        "uncertain": "不确定",
        "verdict": "结论",
        "no_violation": "无违规",
        "violation": "违规",
        "needs_committee": "提交委员会",
        "none": "无",
        "audio": "声音",
        "visual": "画面运动",
        "metadata": "元数据",
        "ok": "有效",
        "invalid": "无效",
        "not_checked": "未检查（未配置公钥）",
        "match": "一致",
        "mismatch": "不一致",
        "missing": "缺失",
        "copy": "直接剪切（未重新编码）",
        "reencode": "重新编码",
    },
}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Evidence package",
        "candidate": "Candidate",
        "subject": "Subject",
        "verdict": "Verdict",
        "export": "Export",
        "created": "Package made",
        "made_by": "Made by",
        "flags": "Flags",
        "no_flags": "No flag selected for this package.",
        "flag": "Flag",
        "type": "Type",
        "camera": "Camera",
        "time_main": "Main time",
        "time_aux": "Aux time",
        "wall": "Wall-clock time",
        "source": "Source",
        "confidence": "Confidence",
        "detail": "Detail",
        "decision": "Decision",
        "clips": "Clips",
        "cut": "cut",
        "decisions": "Decisions",
        "no_decisions": "No decision recorded.",
        "grader": "Grader",
        "at": "Time",
        "note": "Note",
        "integrity": "Integrity",
        "recording": "Recording",
        "sha256": "sha256 (original)",
        "expected": "Platform manifest",
        "signature": "Manifest signature",
        "integrity_flags": "Integrity findings",
        "none_found": "None.",
        "alignment": "Alignment of the two cameras",
        "offset": "Offset (aux started after main)",
        "drift": "Drift",
        "method": "Method",
        "align_conf": "Confidence",
        "mapping": "Aux time = main time - (offset + drift × main time)",
        "files": "Files of this package",
        "verify": "To check this package offline: python main.py verify PACKAGE --key PUBLIC.pem",
        "seconds": "s",
        "started": "Recording started",
        "unknown": "unknown",
        "still": "Best frame",
        "status": "Check",
        "side_by_side": "Side-by-side video",
        "face_similarity": "face similarity {similarity:.2f} (threshold {threshold:.2f})",
        "photo": "registered photo",
    },
    "zh_CN": {
        "title": "证据包",
        "candidate": "考生",
        "subject": "科目",
        "verdict": "结论",
        "export": "导出",
        "created": "生成时间",
        "made_by": "生成人",
        "flags": "标记",
        "no_flags": "本证据包未选入任何标记。",
        "flag": "标记",
        "type": "类型",
        "camera": "机位",
        "time_main": "主机时间",
        "time_aux": "辅机时间",
        "wall": "实际时间",
        "source": "来源",
        "confidence": "置信度",
        "detail": "说明",
        "decision": "处理",
        "clips": "片段",
        "cut": "剪切",
        "decisions": "阅卷记录",
        "no_decisions": "暂无阅卷记录。",
        "grader": "阅卷老师",
        "at": "时间",
        "note": "备注",
        "integrity": "完整性",
        "recording": "视频",
        "sha256": "sha256（原始文件）",
        "expected": "平台清单",
        "signature": "清单签名",
        "integrity_flags": "完整性问题",
        "none_found": "无。",
        "alignment": "主辅机对齐",
        "offset": "偏移（辅机晚于主机开始）",
        "drift": "漂移",
        "method": "方法",
        "align_conf": "置信度",
        "mapping": "辅机时间 = 主机时间 - （偏移 + 漂移 × 主机时间）",
        "files": "本证据包的文件",
        "verify": "离线核验本证据包：python main.py verify 证据包目录 --key 公钥.pem",
        "seconds": "秒",
        "started": "开始录制",
        "unknown": "未知",
        "still": "最佳画面",
        "status": "核对结果",
        "side_by_side": "主辅机并排视频",
        "face_similarity": "人脸相似度 {similarity:.2f}（阈值 {threshold:.2f}）",
        "photo": "报名照片",
    },
}


class Words:
    """The report's words in one language."""

    def __init__(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(language)
        self.language = language

    def __getitem__(self, key: str) -> str:
        return LABELS[self.language][key]

    def flag_type(self, t: FlagType) -> str:
        return FLAG_TYPES[self.language][t]

    def camera(self, c: Camera) -> str:
        return CAMERAS[self.language][c]

    def source(self, s: Source) -> str:
        return SOURCES[self.language][s]

    def value(self, v: str | None) -> str:
        if v is None:
            return "—"
        return VALUES[self.language].get(v, v)

    def colon(self) -> str:
        return "：" if self.language == "zh_CN" else ": "

    def paren(self, text: str) -> str:
        return f"（{text}）" if self.language == "zh_CN" else f" ({text})"

    def wall(self, at: datetime | None) -> str:
        """A wall-clock time: Beijing time for Chinese readers, UTC otherwise."""
        if at is None:
            return self["unknown"]
        if self.language == "zh_CN":
            bj = at.astimezone(timezone(timedelta(hours=8)))
            return bj.strftime("%Y-%m-%d %H:%M:%S") + " 北京时间"
        return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

    def detail(self, text: str) -> str:
        """A flag's detail: the domain's English sentence, but for the grader-added default."""
        if self.language == "zh_CN" and text == "added by a grader":
            return "阅卷老师添加"
        return text

    def seconds(self, t: float | None) -> str:
        if t is None:
            return "—"
        return f"{t:.2f} {self['seconds']}"
