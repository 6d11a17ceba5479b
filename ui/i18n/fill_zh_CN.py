"""Fill ui/i18n/dualcam_zh_CN.ts from the table below, then compile it.

pyside6-lupdate ui/*.py -ts ui/i18n/dualcam_zh_CN.ts   # after changing UI strings
python ui/i18n/fill_zh_CN.py                           # writes the .ts and the .qm
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).parent
ZH = {
    "Settings": "设置",
    "Settings…": "设置…",
    "Database URL": "数据库地址",
    "default: SQLite file in the user data folder": "默认：用户数据目录中的 SQLite 文件",
    "Detection and rule settings (from %s):": "检测与规则设置（来自 %s）：",
    "Setting": "设置项",
    "Value": "值",
    "Change these in the configuration file; the database and the language apply from the "
    "next start.": "请在配置文件中修改这些设置；数据库和语言在下次启动时生效。",
    "&File": "文件(&F)",
    "&Help": "帮助(&H)",
    "&Settings": "设置(&S)",
    "Alignment: %s": "时间对齐：%s",
    "All flags": "全部标记",
    "All statuses": "全部状态",
    "Aux (辅机)": "辅机",
    "Main (主机)": "主机",
    "Cancel": "取消",
    "Candidate": "考生",
    "Subject": "科目",
    "Status": "状态",
    "Priority": "优先级",
    "Flags": "标记",
    "Integrity": "完整性",
    "Cannot open: %s": "无法打开：%s",
    "Confirm (C)": "确认 (C)",
    "Best frame (B)": "最佳画面 (B)",
    "Show the flag's strongest frame, with the boxes the detectors saw there": (
        "显示该标记最明显的一帧，以及检测器在该帧看到的框"
    ),
    "The flag's best frame, with its boxes": "该标记的最佳画面（带检测框）",
    "Dismiss (D)": "驳回 (D)",
    "Uncertain (U)": "存疑 (U)",
    "Decoding failed: %s": "解码失败：%s",
    "DualCam Review": "双机位审核",
    "Export folder": "导出文件夹",
    "Grader name": "阅卷人姓名",
    "Grader name…": "阅卷人姓名…",
    "Grader: %s": "阅卷人：%s",
    "Keyboard shortcuts": "键盘快捷键",
    "Language": "语言",
    "Manual flag": "手动标记",
    "Name": "姓名",
    "Needs committee": "提交委员会",
    "No recording": "无录像",
    "No subject selected": "未选择科目",
    "No violation": "无违规",
    "Not saved": "未保存",
    "Note": "备注",
    "Note (optional)": "备注（可选）",
    "Overlays": "检测框",
    "Pause": "暂停",
    "Play": "播放",
    "Quit": "退出",
    "Recording missing": "录像缺失",
    "Recording unreadable": "录像无法读取",
    "Rule": "违反规则",
    "Save verdict": "保存结论",
    "Saved": "已保存",
    "Scan %s: %d subjects": "扫描%s：%d 个科目",
    "Scan export…": "扫描导出文件夹…",
    "Scan failed": "扫描失败",
    "Scanning %s": "正在扫描 %s",
    "Search candidate ID": "搜索考生号",
    "The language changes when the app restarts.": "重新启动后切换语言。",
    "Type": "类型",
    "Verdict": "结论",
    "Violation": "违规",
    "aux": "辅机",
    "main": "主机",
    "pair": "双机",
    "human": "人工",
    "no verdict yet": "尚无结论",
    "not recording yet": "尚未开始录制",
    "saved: %s": "已保存：%s",
    "unreviewed": "未审核",
    "in review": "审核中",
    "reviewed": "已审核",
    "needs committee": "待委员会裁定",
    "Play / pause": "播放 / 暂停",
    "Back 5 s / pause / play faster": "后退 5 秒 / 暂停 / 加速播放",
    "One frame back / forward": "后退 / 前进一帧",
    "5 s back / forward": "后退 / 前进 5 秒",
    "Next / previous flag": "下一个 / 上一个标记",
    "Confirm / dismiss / uncertain": "确认 / 驳回 / 存疑",
    "Manual flag at the playhead": "在播放位置手动标记",
    "Next subject": "下一个科目",
    "♪ Main": "♪ 主机",
    "♪ Aux": "♪ 辅机",
    "♪ Off": "♪ 关",
    "Sound: which camera you hear (at 1× only)": "声音：听哪一台手机的声音（仅 1× 播放时）",
    "sound off": "声音已关",
    "no audio output": "无音频输出设备",
    "no %s recording": "无%s录像",
    "no sound in the %s recording": "%s录像没有声音",
    "silent at %s×": "%s× 播放时静音",
    "%s camera sound": "%s声音",
    "sound unreadable": "声音无法读取",
    "audio output failed": "音频输出失败",
    "Edit this one in the configuration file": "此项请在配置文件中修改",
    "Thresholds are saved to the configuration file and used by the next scan, from here "
    "or from the command line; the database and the language apply from the next start.": (
        "阈值保存到配置文件，下一次扫描（在此处或命令行）即采用；数据库和语言在下次启动时生效。"
    ),
    # ui/wording.py: flag types as the exam rules name them
    "missing recording": "缺少视频",
    "file changed": "文件被改动",
    "manifest signature invalid": "清单签名无效",
    "unreadable": "视频无法读取",
    "recording truncated": "视频文件残缺",
    "recording cut": "视频被截断",
    "too long": "超出时长",
    "main and aux do not match": "主辅机视频不匹配",
    "left the frame": "离开画面",
    "another person": "他人进入",
    "mirror": "镜子",
    "phone use": "使用手机",
    "camera obstructed": "遮挡镜头",
    "picture of a person": "人物照片或画像",
    "not the same person": "非同一人",
    "Go to this face": "跳到此人脸",
    "Face similarity %.2f (threshold %.2f)": "人脸相似度 %.2f（阈值 %.2f）",
    "registered photo": "登记照片",
    "no picture": "无画面",
    "Identity of candidate %s": "考生 %s 的身份核对",
    "Face similarity between the recordings (1 = the same face). Red: under the threshold "
    "%.2f. —: no usable face (for example an aux camera behind the candidate), which is "
    "never a mismatch.": "各录像之间的人脸相似度（1 表示同一张脸）。红色：低于阈值 %.2f。"
    "—：没有可用的人脸（例如辅机在考生身后），这从不算作不符。",
    "photo": "照片",
    "faces: %d": "人脸 %d 张",
    "no usable face": "无可用人脸",
    "Candidate identity…": "考生身份核对…",
    "person changed": "中途换人",
    "main and aux show different people: face similarity {similarity:.2f} under "
    "{threshold:.2f} ({faces_a} and {faces_b} faces)": "主机与辅机拍到的不是同一人：人脸相似度 "
    "{similarity:.2f}，低于阈值 {threshold:.2f}（分别依据 {faces_a} 张和 {faces_b} 张人脸）",
    "not the person who sat {other_subject}: face similarity {similarity:.2f} under "
    "{threshold:.2f} ({faces_a} and {faces_b} faces)": "与参加{other_subject}考试的不是同一人："
    "人脸相似度 {similarity:.2f}，低于阈值 {threshold:.2f}"
    "（分别依据 {faces_a} 张和 {faces_b} 张人脸）",
    "does not match the registered photo: face similarity {similarity:.2f} under "
    "{threshold:.2f} ({faces_a} faces)": "与登记照片不符：人脸相似度 {similarity:.2f}，"
    "低于阈值 {threshold:.2f}（依据 {faces_a} 张人脸）",
    "another person from here on: face similarity {similarity:.2f} under {threshold:.2f} "
    "({faces_a} faces before, {faces_b} after)": "此处起换了一个人：人脸相似度 {similarity:.2f}，"
    "低于阈值 {threshold:.2f}（之前 {faces_a} 张人脸，之后 {faces_b} 张）",
    "different people, unclear who": "出现不同的人，待核实",
    "another person sat from about {from_s:.0f} s to {to_s:.0f} s: face similarity "
    "{similarity:.2f} under {threshold:.2f} ({faces_a} faces of the first person, "
    "{faces_b} of the other)": "约第 {from_s:.0f} 秒至第 {to_s:.0f} 秒换了另一个人："
    "人脸相似度 {similarity:.2f}，低于阈值 {threshold:.2f}"
    "（原考生 {faces_a} 张人脸，另一人 {faces_b} 张）",
    "{other_subject} shows another person (face similarity {similarity:.2f} under "
    "{threshold:.2f}); with only {compared} subjects to compare, which one is the "
    "candidate cannot be told: compare both with the registered photo": "{other_subject}科目"
    "中出现的是另一个人（人脸相似度 {similarity:.2f}，低于阈值 {threshold:.2f}）；"
    "只有 {compared} 个科目可比对，无法判断哪一个是考生本人，请将两者与报名照片核对",
    "main + aux": "主辅机",
    "whole export": "整批导出",
    "AI": "自动检测",
    "rule": "规则",
    "recording cut (app exited)": "视频被截断（退出应用）",
    "phone or other device": "使用手机或其他设备",
    "mirror in the room": "房间内有镜子",
    "impersonation": "替考",
    "stated name or candidate number": "报出姓名或考号",
    "answered in another foreign language": "使用非报名语种作答",
    "other": "其他",
    "no candidate visible for {duration_s:.0f} s": "画面中无考生，持续 {duration_s:.0f} 秒",
    "{people} people visible for {duration_s:.0f} s": (
        "画面中出现 {people} 人，持续 {duration_s:.0f} 秒"
    ),
    "the candidate's reflection visible for {duration_s:.0f} s": (
        "可见考生的镜中倒影，持续 {duration_s:.0f} 秒"
    ),
    "a face that never moved (a picture or poster?) for {duration_s:.0f} s": (
        "画面中有一张始终不动的人脸（疑似照片或海报），持续 {duration_s:.0f} 秒"
    ),
    "a phone near the candidate for {duration_s:.0f} s": (
        "考生身边出现手机，持续 {duration_s:.0f} 秒"
    ),
    "a hand held at the ear for {duration_s:.0f} s (a call?)": (
        "手举在耳边 {duration_s:.0f} 秒（疑似接打电话）"
    ),
    "picture dark, blank or blurred for {duration_s:.0f} s": (
        "画面黑暗、空白或模糊，持续 {duration_s:.0f} 秒"
    ),
    "picture frozen for {duration_s:.0f} s": "画面静止不动，持续 {duration_s:.0f} 秒",
    "the recordings do not overlap in time (offset {offset_s:+.1f} s)": (
        "两段视频在时间上没有重叠（偏移 {offset_s:+.1f} 秒）"
    ),
    "neither the sound nor the movement of main and aux match: possibly not the same sitting": (
        "主机与辅机的声音和画面动作都对不上，可能不是同一场考试的视频"
    ),
    "changed after the platform exported it: SHA-256 {sha256:.12}… differs from the "
    "manifest's {expected_sha256:.12}…": (
        "平台导出后文件被改动：哈希值 {sha256:.12}… 与清单中的 {expected_sha256:.12}… 不一致"
    ),
    "detection could not read this recording": "检测时无法读取该视频",
    "by sound: {when} (match {score:.1f})": "按声音对齐：{when}（匹配度 {score:.1f}）",
    "by movement: {when} (match {score:.1f})": "按画面动作对齐：{when}（匹配度 {score:.1f}）",
    "aux started {s:.2f} s after main": "辅机比主机晚 {s:.2f} 秒开始录制",
    "aux started {s:.2f} s before main": "辅机比主机早 {s:.2f} 秒开始录制",
    "clock drift {ppm:+.0f} ppm": "时钟漂移 {ppm:+.0f} ppm",
    "from the file times only (weak): {when}": "仅依据文件时间推定（不可靠）：{when}",
    "no offset found": "未找到时间偏移",
    "; ": "；",
    ", ": "、",
    "the sound does not match (match {score:.1f})": "声音对不上（匹配度 {score:.1f}）",
    "the movement does not match (match {score:.1f})": "画面动作对不上（匹配度 {score:.1f}）",
    "the file times say {prior_s:+.1f} s, the measurement {offset_s:+.2f} s": (
        "文件时间显示偏移 {prior_s:+.1f} 秒，实测为 {offset_s:+.2f} 秒"
    ),
    "an offset of {offset_s:+.1f} s leaves no overlap between the recordings": (
        "偏移 {offset_s:+.1f} 秒时两段视频没有重叠"
    ),
    "no sound track in {cameras}": "{cameras}视频没有声音轨",
    "sound silent or unreadable in {cameras}": "{cameras}视频的声音为静音或无法读取",
    "the file times give {prior_s:+.1f} s": "文件时间给出 {prior_s:+.1f} 秒",
    "no usable sound or movement in one recording": "其中一段视频没有可用的声音或画面动作",
    "not aligned: the {camera} recording is missing": "未对齐：缺少{camera}视频",
    "not aligned: the {camera} recording is not analysed yet": "未对齐：{camera}视频尚未分析",
    "not aligned: the {camera} recording is unreadable": "未对齐：{camera}视频无法读取",
    "alignment pending": "等待对齐",
    "alignment failed; the next scan tries again": "对齐失败，下次扫描时重试",
    # sound
    "no sound library": "缺少声音库",
    "no sound: the PulseAudio library (libpulse0) is not installed": (
        "无声音：未安装 PulseAudio 库（libpulse0）"
    ),
    "No sound: Qt's multimedia module could not be loaded. On Debian or Ubuntu install "
    "libpulse0 (Fedora: pulseaudio-libs); playback works without it.": (
        "无声音：无法加载 Qt 多媒体模块。Debian/Ubuntu 请安装 libpulse0"
        "（Fedora：pulseaudio-libs）；不安装也能正常播放画面。"
    ),
    "No sound: no audio output device (is a sound server running?)": (
        "无声音：没有音频输出设备（声音服务是否在运行？）"
    ),
    "face": "人脸",
    "person": "人",
    "left hand": "左手",
    "right hand": "右手",
    "phone": "手机",
    "reflection": "倒影",
    "book": "书",
    "screen": "屏幕",
    "laptop": "笔记本电脑",
    "mouse": "鼠标",
    "remote control": "遥控器",
    "keyboard": "键盘",
    "no sound: libpulse0 not installed": "无声音：未安装 libpulse0",
    "listed in manifest.csv as {path} but the file is absent": (
        "清单 manifest.csv 列出了 {path}，但文件不存在"
    ),
    "manifest.csv lists no {camera} recording": "清单 manifest.csv 中没有{camera}视频",
    "no {camera} recording in the export": "导出文件夹中没有{camera}视频",
    "manifest.csv line {line}: path {path} refused: {why_text}": (
        "清单 manifest.csv 第 {line} 行的路径 {path} 被拒绝：{why_text}"
    ),
    "{path} is a link to a file outside the export; not read": (
        "{path} 是指向导出文件夹之外的链接，未读取"
    ),
    "{path} is a symlink loop; not read": "{path} 是循环链接，未读取",
    "{path} cannot be resolved; not read": "{path} 无法解析，未读取",
    "{path} is not a regular file ({kind_text}); not opened": (
        "{path} 不是普通文件（{kind_text}），未打开"
    ),
    "no longer in the export since an earlier scan": "上次扫描后已从导出文件夹中消失",
    "a manifest key is configured but the export has no manifest.csv": (
        "已配置清单公钥，但导出文件夹中没有清单 manifest.csv"
    ),
    "cannot read {file}": "无法读取 {file}",
    "{file} is a link to a file outside the export; not read": (
        "{file} 是指向导出文件夹之外的链接，未读取"
    ),
    "manifest.csv.sig is missing": "缺少签名文件 manifest.csv.sig",
    "cannot read manifest.csv.sig": "无法读取签名文件 manifest.csv.sig",
    "manifest.csv.sig is {bytes} bytes; a raw Ed25519 signature is 64": (
        "签名文件 manifest.csv.sig 有 {bytes} 字节，而 Ed25519 签名应为 64 字节"
    ),
    "manifest.csv.sig does not verify: the manifest was changed or signed by another key": (
        "签名验证失败：清单已被改动，或由其他密钥签名"
    ),
    "it is an absolute path; paths are relative to the export": (
        "这是绝对路径，路径应相对于导出文件夹"
    ),
    "it climbs out of the export with '..'": "用“..”跳出了导出文件夹",
    "it resolves outside the export through a symlink": "通过链接指向导出文件夹之外",
    "it is a symlink loop": "是循环链接",
    "it cannot be resolved": "无法解析",
    "it contains a NUL byte": "含有空字符（NUL）",
    "it is empty": "路径为空",
    "a pipe": "管道",
    "a socket": "套接字",
    "a device": "设备",
    "a disk device": "磁盘设备",
    "a folder": "文件夹",
    "export folder not found: {path}": "找不到导出文件夹：{path}",
    "not a folder: {path}": "不是文件夹：{path}",
    "cannot read the export folder {path}": "无法读取导出文件夹 {path}",
    "cannot open the database {url}": "无法打开数据库 {url}",
    "{stream_text} jumps from {from_s:.1f} s to {to_s:.1f} s ({missing_s:.1f} s missing: "
    "the recording was cut)": (
        "{stream_text}从 {from_s:.1f} 秒跳到 {to_s:.1f} 秒，缺少 {missing_s:.1f} 秒：录制被中断"
    ),
    "{stream_text} goes back from {from_s:.1f} s to {to_s:.1f} s (the timeline restarted: "
    "the recording was cut)": (
        "{stream_text}从 {from_s:.1f} 秒倒退到 {to_s:.1f} 秒（时间线重新开始）：录制被中断"
    ),
    "the recording lasts {duration_s:.0f} s; the limit for this subject is {limit_s:.0f} s": (
        "录像时长 {duration_s:.0f} 秒，超过本科目限时 {limit_s:.0f} 秒"
    ),
    "the file is cut short (truncated)": "文件被截短（不完整）",
    "the file is damaged": "文件已损坏",
    "unexpected data after the end of the recording ({extra_bytes} bytes)": (
        "录像结尾之后有多余数据（{extra_bytes} 字节）"
    ),
    "the file is empty (0 bytes)": "空文件（0 字节）",
    "not a file": "不是文件",
    "cannot be opened: no valid index (cut short, unfinished or not a video)": (
        "无法打开：没有有效的索引（文件被截短、未录完或不是视频）"
    ),
    "cannot be opened": "无法打开",
    "unknown or damaged codec: nothing decodes it": "编码未知或已损坏，无法解码",
    "no video in the file": "文件中没有视频画面",
    "the file could not be checked": "无法检查该文件",
    "the file could not be analysed (the analysis crashed or timed out)": (
        "无法分析该文件（分析进程崩溃或超时）"
    ),
    "; readable up to {readable_s:.1f} s of {declared_s:.1f} s": (
        "；可读到 {readable_s:.1f} 秒（文件声明共 {declared_s:.1f} 秒）"
    ),
    "; readable up to {readable_s:.1f} s": "；可读到 {readable_s:.1f} 秒",
    "; nothing readable": "；没有可读的内容",
    "the picture's time": "画面时间戳",
    "the sound's time": "声音时间戳",
    "the picture's and sound's time": "画面和声音的时间戳",
    "%s, %s": "%s，%s",
    "kept for its decision: the latest scan no longer finds it": (
        "因已有决定而保留：最新扫描已不再发现"
    ),
    "The whole export is concerned: its hashes cannot be trusted.": (
        "涉及整批导出：其文件哈希值均不可信。"
    ),
    "Committee: %s": "委员会：%s",
    "Export %s: %s (%s). Its %d subjects are marked: their hashes cannot be trusted.": (
        "导出文件夹 %s：%s（%s）。其中 %d 个科目均已标记：文件哈希值不可信。"
    ),
    "2nd review": "待复核",
    "Violation (zero)": "违规（零分）",
    "{by} gave a zero: it is final once a second grader agrees": (
        "{by} 判定零分：另一位阅卷人复核同意后生效"
    ),
    "waiting for the committee": "等待委员会裁定",
    "final: {verdict} ({by})": "已定：{verdict}（{by}）",
    "{at} {by}: {value}": "{at} {by}：{value}",
    "{at} {by} (second grader): agrees": "{at} {by}（复核）：同意",
    "{at} {by} (second grader): disagrees": "{at} {by}（复核）：不同意",
    "{at} {by} (committee): {value}": "{at} {by}（委员会）：{value}",
    "Agree": "同意（复核）",
    "Disagree": "不同意（提交委员会）",
    "As the second grader: the zero becomes final": "作为复核人同意：零分结论生效",
    "As the second grader: the subject goes to the committee": (
        "作为复核人不同意：此科目提交委员会裁定"
    ),
    "Save committee verdict": "保存委员会裁定",
    " (the second grader disagreed)": "（复核人不同意）",
    "You gave this verdict: a second grader must be someone else.": (
        "该结论由您作出：复核须由另一位阅卷人进行。"
    ),
    "No zero here waits for a second grader.": "此科目没有待复核的零分结论。",
    "Only members of the committee (Settings: the configuration's [roles]) can.": (
        "只有委员会成员可以操作（见配置文件中的 [roles]）。"
    ),
    "The committee decides: violation or no violation.": "委员会须裁定：违规或不违规。",
    "The committee's verdict needs a note.": "委员会裁定须附说明。",
    "The committee has decided this subject; its verdict is final.": (
        "委员会已裁定此科目，其结论为最终结论。"
    ),
    "Set your name first (Settings → Grader name).": "请先设置姓名（设置 → 阅卷人姓名）。",
    "confirmed": "确认了该标记",
    "dismissed": "驳回了该标记",
    "marked uncertain": "将该标记标为存疑",
    "agreed as the second grader": "复核同意",
    "disagreed as the second grader": "复核不同意",
    "{grader} {what} at {at}": "{grader} 于 {at} {what}",
    "This flag is gone: a rescan no longer finds it. Nothing was saved.": (
        "该标记已不存在：重新扫描后不再检测到它。未保存。"
    ),
    "Decided meanwhile": "他人已先作出决定",
    "Since you opened this subject, another grader decided:": (
        "在您打开此科目之后，其他阅卷人已作出决定："
    ),
    "Your decision is saved too, as the latest.": "您的决定也已保存，并作为最新决定。",
    "whole recording": "整段视频",
    "Export evidence…": "导出证据包…",
    "Folder for the evidence package": "证据包存放的文件夹",
    "Exporting the evidence of %s": "正在导出考生 %s 的证据包",
    "signed with the institution's key": "已用本单位密钥签名",
    "not signed: no key in the configuration": "未签名：配置中没有签名密钥",
    "Evidence exported": "证据包已导出",
    "%d flags, %s:\n%s\n\nThe committee checks it offline with:\n"
    "python main.py verify PACKAGE --key institution.pub": (
        "%d 个标记，%s：\n%s\n\n委员会可离线核验：\n"
        "python main.py verify PACKAGE --key institution.pub"
    ),
    "Evidence not exported": "证据包未导出",
    "Overnight batch…": "夜间批量扫描…",
    "Overnight batch": "夜间批量扫描",
    "Export": "导出文件夹",
    "Done": "已完成",
    "Queued": "排队中",
    "Running": "进行中",
    "Failed": "失败",
    "Video h / h": "视频小时/小时",
    "Time left": "剩余时间",
    "Retry failed jobs": "重试失败的任务",
    "Cancel the selected export": "取消所选导出",
    "The overnight batch runs on the team's PostgreSQL: this desk uses a local SQLite "
    "database (Settings → Database URL).": (
        "夜间批量扫描使用团队共享的 PostgreSQL 数据库：本机使用的是本地 SQLite 数据库"
        "（设置 → 数据库地址）。"
    ),
    "%d exports in the queue, at %s": "队列中有 %d 个导出文件夹（%s）",
    "Workers: %s": "工作进程：%s",
    "Failures:": "失败：",
    "The batch cannot be read: %s": "无法读取批量扫描状态：%s",
    "%s: %s": "%s：%s",
    ": ": "：",
    "completed": "完成",
    "cancelled": "已取消",
    # speech (issue 19)
    "speech in a silent subject": "静默科目中有人说话",
    "another language": "使用其他语言",
    "name or number said": "说出姓名或考号",
    "Chinese": "中文",
    "English": "英语",
    "Japanese": "日语",
    "Russian": "俄语",
    "French": "法语",
    "German": "德语",
    "Spanish": "西班牙语",
    "{speech_s:.0f} s of speech in {segments} stretches in a silent subject "
    "(a call or another person? listen)": "静默科目中有 {speech_s:.0f} 秒说话声，共 {segments} 段"
    "（通话或他人？请听录音）",
    "{speech_s:.0f} s of speech sounds like {language_text}, not the registered "
    "{registered_text} ({windows} of {of_windows} stretches)": "{speech_s:.0f} 秒的讲话听起来是"
    "{language_text}，而非报名时登记的{registered_text}（{of_windows} 段中的 {windows} 段）",
    "the candidate's name may be said here: {words} (a hint: listen)": "此处可能说出了考生姓名："
    "“{words}”（仅为提示，请听录音）",
    "the candidate number may be said here: {words} (a hint: listen)": "此处可能说出了考号："
    "“{words}”（仅为提示，请听录音）",
    "Next speech (the speech strip under each camera)": "下一段说话声（各机位下方的说话条）",
    "Search the transcript": "搜索转写文字",
    "Speech and transcript": "说话声与转写",
    "%1: %2 s of speech, stretches: %3": "%1：说话 %2 秒，共 %3 段",
    "language: %1 (%2%)": "语种：%1（%2%）",
    "The speech stage has not run on this subject.": "此科目尚未进行语音分析。",
    "Transcription is not installed (pip install -e '.[speech]'): speech is found, not "
    "transcribed.": "未安装语音转写（pip install -e '.[speech]'）：只标出说话的时段，不转写内容。",
    "Not transcribed: a silent subject, or scanned with --no-speech.": "未转写：静默科目，"
    "或扫描时使用了 --no-speech。",
    # two views, one verdict (ui/corroboration_words.py)
    "Two views": "双机核对",
    "confirmed by the {camera} camera: {why}": "{camera}也证实：{why}",
    "contradicted by the {camera} camera: {why}": "{camera}与此矛盾：{why}",
    "the {camera} camera cannot tell: {why}": "{camera}无法判断：{why}",
    "it flagged the same from {start_s:.0f} s": "该机位从其第 {start_s:.0f} 秒起也标记了同样情况",
    "it saw no candidate either": "该机位同样没有看到考生",
    "it saw the candidate at the desk on {percent:.0f}% of its frames": (
        "该机位在 {percent:.0f}% 的画面中看到考生在座位上"
    ),
    "it did not see it (perhaps out of its view)": "该机位没有看到（可能不在其视野内）",
    "only one camera can see this": "只有一个机位能看到此情况",
    "the two recordings are not aligned": "两段录像的时间未能对齐",
    "its recording has no detection results": "该机位的录像没有检测结果",
    "its recording does not cover this moment": "该机位的录像没有覆盖这一时刻",
    "Flags the other camera confirmed (▲, higher in the queue) and contradicted "
    "(▼, lower in the queue)": (
        "另一机位证实的标记（▲，在队列中靠前）和与之矛盾的标记（▼，在队列中靠后）"
    ),
}


def main() -> int:
    ts = HERE / "dualcam_zh_CN.ts"
    sources = sorted(str(p) for p in HERE.parent.glob("*.py"))
    subprocess.run(["pyside6-lupdate", "-no-obsolete", *sources, "-ts", str(ts)], check=True)
    tree = ET.parse(ts)
    missing = []
    for msg in tree.iter("message"):
        src = msg.findtext("source") or ""
        tr = msg.find("translation")
        assert tr is not None
        if src in ZH:
            tr.text = ZH[src]
            tr.attrib.pop("type", None)
        else:
            missing.append(src)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run(["pyside6-lrelease", str(ts), "-qm", str(HERE / "dualcam_zh_CN.qm")], check=True)
    for m in missing:
        sys.stderr.write(f"untranslated: {m}\n")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
