<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Batch</name>
    <message>
        <location filename="../batch_panel.py" line="34" />
        <source>Export</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="35" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="36" />
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="37" />
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="38" />
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="39" />
        <source>Video h / h</source>
        <translation>视频小时/小时</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="40" />
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="63" />
        <source>Overnight batch</source>
        <translation>夜间批量扫描</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="82" />
        <source>Retry failed jobs</source>
        <translation>重试失败的任务</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="84" />
        <source>Cancel the selected export</source>
        <translation>取消所选导出</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="96" />
        <source>The overnight batch runs on the team's PostgreSQL: this desk uses a local SQLite database (Settings → Database URL).</source>
        <translation>夜间批量扫描使用团队共享的 PostgreSQL 数据库：本机使用的是本地 SQLite 数据库（设置 → 数据库地址）。</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="127" />
        <source>%d exports in the queue, at %s</source>
        <translation>队列中有 %d 个导出文件夹（%s）</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="131" />
        <source>Workers: %s</source>
        <translation>工作进程：%s</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="143" />
        <source>Failures:</source>
        <translation>失败：</translation>
    </message>
    <message>
        <location filename="../batch_panel.py" line="151" />
        <source>The batch cannot be read: %s</source>
        <translation>无法读取批量扫描状态：%s</translation>
    </message>
</context>
<context>
    <name>DecisionPanel</name>
    <message>
        <location filename="../panel.py" line="84" />
        <source>Best frame (B)</source>
        <translation>最佳画面 (B)</translation>
    </message>
    <message>
        <location filename="../panel.py" line="86" />
        <source>Show the flag's strongest frame, with the boxes the detectors saw there</source>
        <translation>显示该标记最明显的一帧，以及检测器在该帧看到的框</translation>
    </message>
    <message>
        <location filename="../panel.py" line="94" />
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <location filename="../panel.py" line="98" />
        <source>Confirm (C)</source>
        <translation>确认 (C)</translation>
    </message>
    <message>
        <location filename="../panel.py" line="99" />
        <source>Dismiss (D)</source>
        <translation>驳回 (D)</translation>
    </message>
    <message>
        <location filename="../panel.py" line="100" />
        <source>Uncertain (U)</source>
        <translation>存疑 (U)</translation>
    </message>
    <message>
        <location filename="../panel.py" line="151" />
        <source>%s, %s</source>
        <translation>%s，%s</translation>
    </message>
    <message>
        <location filename="../panel.py" line="156" />
        <source>kept for its decision: the latest scan no longer finds it</source>
        <translation>因已有决定而保留：最新扫描已不再发现</translation>
    </message>
    <message>
        <location filename="../panel.py" line="167" />
        <source>%s: %s</source>
        <translation>%s：%s</translation>
    </message>
    <message>
        <location filename="../panel.py" line="173" />
        <source>The whole export is concerned: its hashes cannot be trusted.</source>
        <translation>涉及整批导出：其文件哈希值均不可信。</translation>
    </message>
    <message>
        <location filename="../panel.py" line="178" />
        <source>whole recording</source>
        <translation>整段视频</translation>
    </message>
    <message>
        <location filename="../panel.py" line="126" />
        <source>No subject selected</source>
        <translation>未选择科目</translation>
    </message>
    <message>
        <location filename="../panel.py" line="133" />
        <source>Alignment: %s</source>
        <translation>时间对齐：%s</translation>
    </message>
</context>
<context>
    <name>Evidence</name>
    <message>
        <location filename="../evidence.py" line="48" />
        <source>Folder for the evidence package</source>
        <translation>证据包存放的文件夹</translation>
    </message>
    <message>
        <location filename="../evidence.py" line="56" />
        <source>Exporting the evidence of %s</source>
        <translation>正在导出考生 %s 的证据包</translation>
    </message>
    <message>
        <location filename="../evidence.py" line="57" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../evidence.py" line="85" />
        <source>signed with the institution's key</source>
        <translation>已用本单位密钥签名</translation>
    </message>
    <message>
        <location filename="../evidence.py" line="87" />
        <source>not signed: no key in the configuration</source>
        <translation>未签名：配置中没有签名密钥</translation>
    </message>
    <message>
        <location filename="../evidence.py" line="91" />
        <source>Evidence exported</source>
        <translation>证据包已导出</translation>
    </message>
    <message>
        <location filename="../evidence.py" line="93" />
        <source>%d flags, %s:
%s

The committee checks it offline with:
python main.py verify PACKAGE --key institution.pub</source>
        <translation>%d 个标记，%s：
%s

委员会可离线核验：
python main.py verify PACKAGE --key institution.pub</translation>
    </message>
    <message>
        <location filename="../evidence.py" line="108" />
        <source>Evidence not exported</source>
        <translation>证据包未导出</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../help.py" line="29" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
</context>
<context>
    <name>IdentityCompare</name>
    <message>
        <location filename="../identity_compare.py" line="62" />
        <source>Go to this face</source>
        <translation>跳到此人脸</translation>
    </message>
    <message>
        <location filename="../identity_compare.py" line="79" />
        <source>Face similarity %.2f (threshold %.2f)</source>
        <translation>人脸相似度 %.2f（阈值 %.2f）</translation>
    </message>
    <message>
        <location filename="../identity_compare.py" line="91" />
        <source>registered photo</source>
        <translation>登记照片</translation>
    </message>
    <message>
        <location filename="../identity_compare.py" line="115" />
        <source>no picture</source>
        <translation>无画面</translation>
    </message>
</context>
<context>
    <name>IdentityDialog</name>
    <message>
        <location filename="../identity_dialog.py" line="26" />
        <source>Identity of candidate %s</source>
        <translation>考生 %s 的身份核对</translation>
    </message>
    <message>
        <location filename="../identity_dialog.py" line="30" />
        <source>Face similarity between the recordings (1 = the same face). Red: under the threshold %.2f. —: no usable face (for example an aux camera behind the candidate), which is never a mismatch.</source>
        <translation>各录像之间的人脸相似度（1 表示同一张脸）。红色：低于阈值 %.2f。—：没有可用的人脸（例如辅机在考生身后），这从不算作不符。</translation>
    </message>
    <message>
        <location filename="../identity_dialog.py" line="62" />
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../identity_dialog.py" line="64" />
        <source>faces: %d</source>
        <translation>人脸 %d 张</translation>
    </message>
    <message>
        <location filename="../identity_dialog.py" line="64" />
        <source>no usable face</source>
        <translation>无可用人脸</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="65" />
        <source>DualCam Review</source>
        <translation>双机位审核</translation>
    </message>
    <message>
        <location filename="../playback_column.py" line="24" />
        <source>Main (主机)</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../playback_column.py" line="25" />
        <source>Aux (辅机)</source>
        <translation>辅机</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="126" />
        <source>Grader: %s</source>
        <translation>阅卷人：%s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="126" />
        <source>Committee: %s</source>
        <translation>委员会：%s</translation>
    </message>
    <message>
        <location filename="../export_banner.py" line="26" />
        <source>Export %s: %s (%s). Its %d subjects are marked: their hashes cannot be trusted.</source>
        <translation>导出文件夹 %s：%s（%s）。其中 %d 个科目均已标记：文件哈希值不可信。</translation>
    </message>
    <message>
        <location filename="../menus.py" line="26" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="28" />
        <source>Scan export…</source>
        <translation>扫描导出文件夹…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="29" />
        <source>Export evidence…</source>
        <translation>导出证据包…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="32" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../menus.py" line="36" />
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="38" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="39" />
        <source>Grader name…</source>
        <translation>阅卷人姓名…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="30" />
        <source>Overnight batch…</source>
        <translation>夜间批量扫描…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="31" />
        <source>Candidate identity…</source>
        <translation>考生身份核对…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="323" />
        <source>completed</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="323" />
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../menus.py" line="43" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="44" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="258" />
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../manual_flag.py" line="19" />
        <location filename="../manual_flag.py" line="30" />
        <source>Manual flag</source>
        <translation>手动标记</translation>
    </message>
    <message>
        <location filename="../manual_flag.py" line="20" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../manual_flag.py" line="31" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="297" />
        <source>Export folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="325" />
        <source>Scan %s: %d subjects</source>
        <translation>扫描%s：%d 个科目</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="333" />
        <source>Grader name</source>
        <translation>阅卷人姓名</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="333" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
</context>
<context>
    <name>PlaybackBar</name>
    <message>
        <location filename="../controls.py" line="30" />
        <location filename="../controls.py" line="31" />
        <location filename="../controls.py" line="35" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../controls.py" line="31" />
        <location filename="../controls.py" line="35" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../controls.py" line="60" />
        <source>Overlays</source>
        <translation>检测框</translation>
    </message>
    <message>
        <location filename="../controls.py" line="65" />
        <source>Sound: which camera you hear (at 1× only)</source>
        <translation>声音：听哪一台手机的声音（仅 1× 播放时）</translation>
    </message>
    <message>
        <location filename="../controls.py" line="67" />
        <source>♪ Main</source>
        <translation>♪ 主机</translation>
    </message>
    <message>
        <location filename="../controls.py" line="68" />
        <source>♪ Aux</source>
        <translation>♪ 辅机</translation>
    </message>
    <message>
        <location filename="../controls.py" line="69" />
        <source>♪ Off</source>
        <translation>♪ 关</translation>
    </message>
    <message>
        <location filename="../controls.py" line="90" />
        <source>main</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../controls.py" line="90" />
        <source>aux</source>
        <translation>辅机</translation>
    </message>
    <message>
        <location filename="../controls.py" line="92" />
        <source>no sound library</source>
        <translation>缺少声音库</translation>
    </message>
    <message>
        <location filename="../controls.py" line="94" />
        <source>no sound: libpulse0 not installed</source>
        <translation>无声音：未安装 libpulse0</translation>
    </message>
    <message>
        <location filename="../controls.py" line="95" />
        <source>sound off</source>
        <translation>声音已关</translation>
    </message>
    <message>
        <location filename="../controls.py" line="96" />
        <source>no audio output</source>
        <translation>无音频输出设备</translation>
    </message>
    <message>
        <location filename="../controls.py" line="97" />
        <source>no %s recording</source>
        <translation>无%s录像</translation>
    </message>
    <message>
        <location filename="../controls.py" line="98" />
        <source>no sound in the %s recording</source>
        <translation>%s录像没有声音</translation>
    </message>
    <message>
        <location filename="../controls.py" line="100" />
        <source>silent at %s×</source>
        <translation>%s× 播放时静音</translation>
    </message>
    <message>
        <location filename="../controls.py" line="101" />
        <source>%s camera sound</source>
        <translation>%s声音</translation>
    </message>
    <message>
        <location filename="../controls.py" line="102" />
        <source>sound unreadable</source>
        <translation>声音无法读取</translation>
    </message>
    <message>
        <location filename="../controls.py" line="103" />
        <source>audio output failed</source>
        <translation>音频输出失败</translation>
    </message>
    <message>
        <location filename="../controls.py" line="111" />
        <source>No sound: Qt's multimedia module could not be loaded. On Debian or Ubuntu install libpulse0 (Fedora: pulseaudio-libs); playback works without it.</source>
        <translation>无声音：无法加载 Qt 多媒体模块。Debian/Ubuntu 请安装 libpulse0（Fedora：pulseaudio-libs）；不安装也能正常播放画面。</translation>
    </message>
    <message>
        <location filename="../controls.py" line="115" />
        <source>No sound: no audio output device (is a sound server running?)</source>
        <translation>无声音：没有音频输出设备（声音服务是否在运行？）</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../queue_model.py" line="47" />
        <source>Candidate</source>
        <translation>考生</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="48" />
        <source>Subject</source>
        <translation>科目</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="49" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="51" />
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="53" />
        <source>Two views</source>
        <translation>双机核对</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="50" />
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="52" />
        <source>Integrity</source>
        <translation>完整性</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <location filename="../queue_view.py" line="29" />
        <source>Search candidate ID</source>
        <translation>搜索考生号</translation>
    </message>
    <message>
        <location filename="../queue_view.py" line="31" />
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../queue_view.py" line="35" />
        <source>All flags</source>
        <translation>全部标记</translation>
    </message>
</context>
<context>
    <name>Scanning</name>
    <message>
        <location filename="../scanning.py" line="27" />
        <source>Scanning %s</source>
        <translation>正在扫描 %s</translation>
    </message>
    <message>
        <location filename="../scanning.py" line="28" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../scanning.py" line="47" />
        <source>Scan failed</source>
        <translation>扫描失败</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../settings.py" line="47" />
        <location filename="../settings.py" line="120" />
        <location filename="../settings.py" line="150" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../settings.py" line="53" />
        <source>default: SQLite file in the user data folder</source>
        <translation>默认：用户数据目录中的 SQLite 文件</translation>
    </message>
    <message>
        <location filename="../settings.py" line="59" />
        <source>Grader name</source>
        <translation>阅卷人姓名</translation>
    </message>
    <message>
        <location filename="../settings.py" line="60" />
        <source>Database URL</source>
        <translation>数据库地址</translation>
    </message>
    <message>
        <location filename="../settings.py" line="61" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../settings.py" line="65" />
        <source>Detection and rule settings (from %s):</source>
        <translation>检测与规则设置（来自 %s）：</translation>
    </message>
    <message>
        <location filename="../settings.py" line="76" />
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <location filename="../settings.py" line="76" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../settings.py" line="84" />
        <source>Edit this one in the configuration file</source>
        <translation>此项请在配置文件中修改</translation>
    </message>
    <message>
        <location filename="../settings.py" line="92" />
        <source>Thresholds are saved to the configuration file and used by the next scan, from here or from the command line; the database and the language apply from the next start.</source>
        <translation>阈值保存到配置文件，下一次扫描（在此处或命令行）即采用；数据库和语言在下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../help.py" line="9" />
        <source>Play / pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <location filename="../help.py" line="10" />
        <source>Back 5 s / pause / play faster</source>
        <translation>后退 5 秒 / 暂停 / 加速播放</translation>
    </message>
    <message>
        <location filename="../help.py" line="11" />
        <source>One frame back / forward</source>
        <translation>后退 / 前进一帧</translation>
    </message>
    <message>
        <location filename="../help.py" line="12" />
        <source>5 s back / forward</source>
        <translation>后退 / 前进 5 秒</translation>
    </message>
    <message>
        <location filename="../help.py" line="13" />
        <source>Next / previous flag</source>
        <translation>下一个 / 上一个标记</translation>
    </message>
    <message>
        <location filename="../help.py" line="14" />
        <source>The flag's best frame, with its boxes</source>
        <translation>该标记的最佳画面（带检测框）</translation>
    </message>
    <message>
        <location filename="../help.py" line="15" />
        <source>Confirm / dismiss / uncertain</source>
        <translation>确认 / 驳回 / 存疑</translation>
    </message>
    <message>
        <location filename="../help.py" line="16" />
        <source>Manual flag at the playhead</source>
        <translation>在播放位置手动标记</translation>
    </message>
    <message>
        <location filename="../help.py" line="17" />
        <source>Next speech (the speech strip under each camera)</source>
        <translation>下一段说话声（各机位下方的说话条）</translation>
    </message>
    <message>
        <location filename="../help.py" line="18" />
        <source>Next subject</source>
        <translation>下一个科目</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../queue_model.py" line="24" />
        <source>unreviewed</source>
        <translation>未审核</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="25" />
        <source>in review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="26" />
        <source>reviewed</source>
        <translation>已审核</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="27" />
        <source>2nd review</source>
        <translation>待复核</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="28" />
        <source>needs committee</source>
        <translation>待委员会裁定</translation>
    </message>
</context>
<context>
    <name>TranscriptPanel</name>
    <message>
        <location filename="../speech_view.py" line="79" />
        <source>Search the transcript</source>
        <translation>搜索转写文字</translation>
    </message>
    <message>
        <location filename="../speech_view.py" line="99" />
        <source>Speech and transcript</source>
        <translation>说话声与转写</translation>
    </message>
    <message>
        <location filename="../speech_view.py" line="108" />
        <source>%1: %2 s of speech, stretches: %3</source>
        <translation>%1：说话 %2 秒，共 %3 段</translation>
    </message>
    <message>
        <location filename="../speech_view.py" line="119" />
        <source>language: %1 (%2%)</source>
        <translation>语种：%1（%2%）</translation>
    </message>
    <message>
        <location filename="../speech_view.py" line="125" />
        <source>The speech stage has not run on this subject.</source>
        <translation>此科目尚未进行语音分析。</translation>
    </message>
    <message>
        <location filename="../speech_view.py" line="129" />
        <source>Transcription is not installed (pip install -e '.[speech]'): speech is found, not transcribed.</source>
        <translation>未安装语音转写（pip install -e '.[speech]'）：只标出说话的时段，不转写内容。</translation>
    </message>
    <message>
        <location filename="../speech_view.py" line="134" />
        <source>Not transcribed: a silent subject, or scanned with --no-speech.</source>
        <translation>未转写：静默科目，或扫描时使用了 --no-speech。</translation>
    </message>
</context>
<context>
    <name>Verdicts</name>
    <message>
        <location filename="../verdict_box.py" line="32" />
        <source>No violation</source>
        <translation>无违规</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="33" />
        <source>Violation (zero)</source>
        <translation>违规（零分）</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="34" />
        <source>Needs committee</source>
        <translation>提交委员会</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="37" />
        <source>no verdict yet</source>
        <translation>尚无结论</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="38" />
        <source>{by} gave a zero: it is final once a second grader agrees</source>
        <translation>{by} 判定零分：另一位阅卷人复核同意后生效</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="41" />
        <source>waiting for the committee</source>
        <translation>等待委员会裁定</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="42" />
        <source>final: {verdict} ({by})</source>
        <translation>已定：{verdict}（{by}）</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="45" />
        <source>{at} {by}: {value}</source>
        <translation>{at} {by}：{value}</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="46" />
        <source>{at} {by} (second grader): agrees</source>
        <translation>{at} {by}（复核）：同意</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="47" />
        <source>{at} {by} (second grader): disagrees</source>
        <translation>{at} {by}（复核）：不同意</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="48" />
        <source>{at} {by} (committee): {value}</source>
        <translation>{at} {by}（委员会）：{value}</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="75" />
        <source>: </source>
        <translation>：</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="88" />
        <location filename="../verdict_box.py" line="114" />
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="115" />
        <source>Rule</source>
        <translation>违反规则</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="116" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="119" />
        <location filename="../verdict_box.py" line="150" />
        <source>Save verdict</source>
        <translation>保存结论</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="121" />
        <source>Agree</source>
        <translation>同意（复核）</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="123" />
        <source>Disagree</source>
        <translation>不同意（提交委员会）</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="129" />
        <source>As the second grader: the zero becomes final</source>
        <translation>作为复核人同意：零分结论生效</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="133" />
        <source>As the second grader: the subject goes to the committee</source>
        <translation>作为复核人不同意：此科目提交委员会裁定</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="148" />
        <source>Save committee verdict</source>
        <translation>保存委员会裁定</translation>
    </message>
    <message>
        <location filename="../verdict_box.py" line="160" />
        <source> (the second grader disagreed)</source>
        <translation>（复核人不同意）</translation>
    </message>
</context>
<context>
    <name>VideoPane</name>
    <message>
        <location filename="../player.py" line="100" />
        <source>No recording</source>
        <translation>无录像</translation>
    </message>
    <message>
        <location filename="../player.py" line="127" />
        <source>Recording missing</source>
        <translation>录像缺失</translation>
    </message>
    <message>
        <location filename="../player.py" line="130" />
        <source>Recording unreadable</source>
        <translation>录像无法读取</translation>
    </message>
    <message>
        <location filename="../player.py" line="135" />
        <source>Cannot open: %s</source>
        <translation>无法打开：%s</translation>
    </message>
    <message>
        <location filename="../player.py" line="153" />
        <source>not recording yet</source>
        <translation>尚未开始录制</translation>
    </message>
    <message>
        <location filename="../player.py" line="188" />
        <source>Decoding failed: %s</source>
        <translation>解码失败：%s</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <location filename="../wording.py" line="23" />
        <location filename="../wording.py" line="71" />
        <source>missing recording</source>
        <translation>缺少视频</translation>
    </message>
    <message>
        <location filename="../wording.py" line="24" />
        <source>file changed</source>
        <translation>文件被改动</translation>
    </message>
    <message>
        <location filename="../wording.py" line="25" />
        <source>manifest signature invalid</source>
        <translation>清单签名无效</translation>
    </message>
    <message>
        <location filename="../wording.py" line="26" />
        <source>unreadable</source>
        <translation>视频无法读取</translation>
    </message>
    <message>
        <location filename="../wording.py" line="27" />
        <source>recording truncated</source>
        <translation>视频文件残缺</translation>
    </message>
    <message>
        <location filename="../wording.py" line="28" />
        <source>recording cut</source>
        <translation>视频被截断</translation>
    </message>
    <message>
        <location filename="../wording.py" line="29" />
        <source>too long</source>
        <translation>超出时长</translation>
    </message>
    <message>
        <location filename="../wording.py" line="30" />
        <source>main and aux do not match</source>
        <translation>主辅机视频不匹配</translation>
    </message>
    <message>
        <location filename="../wording.py" line="31" />
        <location filename="../wording.py" line="73" />
        <source>left the frame</source>
        <translation>离开画面</translation>
    </message>
    <message>
        <location filename="../wording.py" line="32" />
        <location filename="../wording.py" line="74" />
        <source>another person</source>
        <translation>他人进入</translation>
    </message>
    <message>
        <location filename="../wording.py" line="33" />
        <source>mirror</source>
        <translation>镜子</translation>
    </message>
    <message>
        <location filename="../wording.py" line="34" />
        <source>phone use</source>
        <translation>使用手机</translation>
    </message>
    <message>
        <location filename="../wording.py" line="35" />
        <source>camera obstructed</source>
        <translation>遮挡镜头</translation>
    </message>
    <message>
        <location filename="../wording.py" line="36" />
        <location filename="../wording.py" line="227" />
        <source>picture of a person</source>
        <translation>人物照片或画像</translation>
    </message>
    <message>
        <location filename="../wording.py" line="37" />
        <source>speech in a silent subject</source>
        <translation>静默科目中有人说话</translation>
    </message>
    <message>
        <location filename="../wording.py" line="38" />
        <source>another language</source>
        <translation>使用其他语言</translation>
    </message>
    <message>
        <location filename="../wording.py" line="39" />
        <source>name or number said</source>
        <translation>说出姓名或考号</translation>
    </message>
    <message>
        <location filename="../wording.py" line="47" />
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../wording.py" line="48" />
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <location filename="../wording.py" line="49" />
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <location filename="../wording.py" line="50" />
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <location filename="../wording.py" line="51" />
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <location filename="../wording.py" line="52" />
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <location filename="../wording.py" line="53" />
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <location filename="../wording.py" line="40" />
        <source>not the same person</source>
        <translation>非同一人</translation>
    </message>
    <message>
        <location filename="../wording.py" line="41" />
        <source>person changed</source>
        <translation>中途换人</translation>
    </message>
    <message>
        <location filename="../wording.py" line="42" />
        <source>different people, unclear who</source>
        <translation>出现不同的人，待核实</translation>
    </message>
    <message>
        <location filename="../wording.py" line="57" />
        <source>main</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../wording.py" line="58" />
        <source>aux</source>
        <translation>辅机</translation>
    </message>
    <message>
        <location filename="../wording.py" line="59" />
        <source>main + aux</source>
        <translation>主辅机</translation>
    </message>
    <message>
        <location filename="../wording.py" line="60" />
        <source>whole export</source>
        <translation>整批导出</translation>
    </message>
    <message>
        <location filename="../wording.py" line="64" />
        <source>AI</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <location filename="../wording.py" line="65" />
        <source>rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../wording.py" line="66" />
        <source>human</source>
        <translation>人工</translation>
    </message>
    <message>
        <location filename="../wording.py" line="72" />
        <source>recording cut (app exited)</source>
        <translation>视频被截断（退出应用）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="75" />
        <source>phone or other device</source>
        <translation>使用手机或其他设备</translation>
    </message>
    <message>
        <location filename="../wording.py" line="76" />
        <source>mirror in the room</source>
        <translation>房间内有镜子</translation>
    </message>
    <message>
        <location filename="../wording.py" line="77" />
        <source>impersonation</source>
        <translation>替考</translation>
    </message>
    <message>
        <location filename="../wording.py" line="78" />
        <source>stated name or candidate number</source>
        <translation>报出姓名或考号</translation>
    </message>
    <message>
        <location filename="../wording.py" line="79" />
        <source>answered in another foreign language</source>
        <translation>使用非报名语种作答</translation>
    </message>
    <message>
        <location filename="../wording.py" line="80" />
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../wording.py" line="85" />
        <source>no candidate visible for {duration_s:.0f} s</source>
        <translation>画面中无考生，持续 {duration_s:.0f} 秒</translation>
    </message>
    <message>
        <location filename="../wording.py" line="88" />
        <source>{people} people visible for {duration_s:.0f} s</source>
        <translation>画面中出现 {people} 人，持续 {duration_s:.0f} 秒</translation>
    </message>
    <message>
        <location filename="../wording.py" line="91" />
        <source>the candidate's reflection visible for {duration_s:.0f} s</source>
        <translation>可见考生的镜中倒影，持续 {duration_s:.0f} 秒</translation>
    </message>
    <message>
        <location filename="../wording.py" line="94" />
        <source>a face that never moved (a picture or poster?) for {duration_s:.0f} s</source>
        <translation>画面中有一张始终不动的人脸（疑似照片或海报），持续 {duration_s:.0f} 秒</translation>
    </message>
    <message>
        <location filename="../wording.py" line="97" />
        <source>a phone near the candidate for {duration_s:.0f} s</source>
        <translation>考生身边出现手机，持续 {duration_s:.0f} 秒</translation>
    </message>
    <message>
        <location filename="../wording.py" line="100" />
        <source>a hand held at the ear for {duration_s:.0f} s (a call?)</source>
        <translation>手举在耳边 {duration_s:.0f} 秒（疑似接打电话）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="103" />
        <source>picture dark, blank or blurred for {duration_s:.0f} s</source>
        <translation>画面黑暗、空白或模糊，持续 {duration_s:.0f} 秒</translation>
    </message>
    <message>
        <location filename="../wording.py" line="106" />
        <source>picture frozen for {duration_s:.0f} s</source>
        <translation>画面静止不动，持续 {duration_s:.0f} 秒</translation>
    </message>
    <message>
        <location filename="../wording.py" line="109" />
        <source>{speech_s:.0f} s of speech in {segments} stretches in a silent subject (a call or another person? listen)</source>
        <translation>静默科目中有 {speech_s:.0f} 秒说话声，共 {segments} 段（通话或他人？请听录音）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="114" />
        <source>{speech_s:.0f} s of speech sounds like {language_text}, not the registered {registered_text} ({windows} of {of_windows} stretches)</source>
        <translation>{speech_s:.0f} 秒的讲话听起来是{language_text}，而非报名时登记的{registered_text}（{of_windows} 段中的 {windows} 段）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="119" />
        <source>the candidate's name may be said here: {words} (a hint: listen)</source>
        <translation>此处可能说出了考生姓名：“{words}”（仅为提示，请听录音）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="122" />
        <source>the candidate number may be said here: {words} (a hint: listen)</source>
        <translation>此处可能说出了考号：“{words}”（仅为提示，请听录音）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="125" />
        <source>main and aux show different people: face similarity {similarity:.2f} under {threshold:.2f} ({faces_a} and {faces_b} faces)</source>
        <translation>主机与辅机拍到的不是同一人：人脸相似度 {similarity:.2f}，低于阈值 {threshold:.2f}（分别依据 {faces_a} 张和 {faces_b} 张人脸）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="130" />
        <source>not the person who sat {other_subject}: face similarity {similarity:.2f} under {threshold:.2f} ({faces_a} and {faces_b} faces)</source>
        <translation>与参加{other_subject}考试的不是同一人：人脸相似度 {similarity:.2f}，低于阈值 {threshold:.2f}（分别依据 {faces_a} 张和 {faces_b} 张人脸）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="135" />
        <source>does not match the registered photo: face similarity {similarity:.2f} under {threshold:.2f} ({faces_a} faces)</source>
        <translation>与登记照片不符：人脸相似度 {similarity:.2f}，低于阈值 {threshold:.2f}（依据 {faces_a} 张人脸）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="140" />
        <source>another person from here on: face similarity {similarity:.2f} under {threshold:.2f} ({faces_a} faces before, {faces_b} after)</source>
        <translation>此处起换了一个人：人脸相似度 {similarity:.2f}，低于阈值 {threshold:.2f}（之前 {faces_a} 张人脸，之后 {faces_b} 张）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="145" />
        <source>another person sat from about {from_s:.0f} s to {to_s:.0f} s: face similarity {similarity:.2f} under {threshold:.2f} ({faces_a} faces of the first person, {faces_b} of the other)</source>
        <translation>约第 {from_s:.0f} 秒至第 {to_s:.0f} 秒换了另一个人：人脸相似度 {similarity:.2f}，低于阈值 {threshold:.2f}（原考生 {faces_a} 张人脸，另一人 {faces_b} 张）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="151" />
        <source>{other_subject} shows another person (face similarity {similarity:.2f} under {threshold:.2f}); with only {compared} subjects to compare, which one is the candidate cannot be told: compare both with the registered photo</source>
        <translation>{other_subject}科目中出现的是另一个人（人脸相似度 {similarity:.2f}，低于阈值 {threshold:.2f}）；只有 {compared} 个科目可比对，无法判断哪一个是考生本人，请将两者与报名照片核对</translation>
    </message>
    <message>
        <location filename="../wording.py" line="157" />
        <source>the recordings do not overlap in time (offset {offset_s:+.1f} s)</source>
        <translation>两段视频在时间上没有重叠（偏移 {offset_s:+.1f} 秒）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="160" />
        <source>neither the sound nor the movement of main and aux match: possibly not the same sitting</source>
        <translation>主机与辅机的声音和画面动作都对不上，可能不是同一场考试的视频</translation>
    </message>
    <message>
        <location filename="../wording.py" line="164" />
        <source>changed after the platform exported it: SHA-256 {sha256:.12}… differs from the manifest's {expected_sha256:.12}…</source>
        <translation>平台导出后文件被改动：哈希值 {sha256:.12}… 与清单中的 {expected_sha256:.12}… 不一致</translation>
    </message>
    <message>
        <location filename="../wording.py" line="169" />
        <source>detection could not read this recording</source>
        <translation>检测时无法读取该视频</translation>
    </message>
    <message>
        <location filename="../wording.py" line="172" />
        <source>{stream_text} jumps from {from_s:.1f} s to {to_s:.1f} s ({missing_s:.1f} s missing: the recording was cut)</source>
        <translation>{stream_text}从 {from_s:.1f} 秒跳到 {to_s:.1f} 秒，缺少 {missing_s:.1f} 秒：录制被中断</translation>
    </message>
    <message>
        <location filename="../wording.py" line="177" />
        <source>{stream_text} goes back from {from_s:.1f} s to {to_s:.1f} s (the timeline restarted: the recording was cut)</source>
        <translation>{stream_text}从 {from_s:.1f} 秒倒退到 {to_s:.1f} 秒（时间线重新开始）：录制被中断</translation>
    </message>
    <message>
        <location filename="../wording.py" line="182" />
        <source>the recording lasts {duration_s:.0f} s; the limit for this subject is {limit_s:.0f} s</source>
        <translation>录像时长 {duration_s:.0f} 秒，超过本科目限时 {limit_s:.0f} 秒</translation>
    </message>
    <message>
        <location filename="../wording.py" line="190" />
        <source>the file is cut short (truncated)</source>
        <translation>文件被截短（不完整）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="191" />
        <source>the file is damaged</source>
        <translation>文件已损坏</translation>
    </message>
    <message>
        <location filename="../wording.py" line="192" />
        <source>unexpected data after the end of the recording ({extra_bytes} bytes)</source>
        <translation>录像结尾之后有多余数据（{extra_bytes} 字节）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="195" />
        <source>the file is empty (0 bytes)</source>
        <translation>空文件（0 字节）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="197" />
        <source>cannot be opened: no valid index (cut short, unfinished or not a video)</source>
        <translation>无法打开：没有有效的索引（文件被截短、未录完或不是视频）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="200" />
        <source>cannot be opened</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <location filename="../wording.py" line="201" />
        <source>unknown or damaged codec: nothing decodes it</source>
        <translation>编码未知或已损坏，无法解码</translation>
    </message>
    <message>
        <location filename="../wording.py" line="202" />
        <source>no video in the file</source>
        <translation>文件中没有视频画面</translation>
    </message>
    <message>
        <location filename="../wording.py" line="203" />
        <source>the file could not be checked</source>
        <translation>无法检查该文件</translation>
    </message>
    <message>
        <location filename="../wording.py" line="204" />
        <source>the file could not be analysed (the analysis crashed or timed out)</source>
        <translation>无法分析该文件（分析进程崩溃或超时）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="209" />
        <source>; readable up to {readable_s:.1f} s of {declared_s:.1f} s</source>
        <translation>；可读到 {readable_s:.1f} 秒（文件声明共 {declared_s:.1f} 秒）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="210" />
        <source>; readable up to {readable_s:.1f} s</source>
        <translation>；可读到 {readable_s:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../wording.py" line="211" />
        <source>; nothing readable</source>
        <translation>；没有可读的内容</translation>
    </message>
    <message>
        <location filename="../wording.py" line="214" />
        <source>the picture's time</source>
        <translation>画面时间戳</translation>
    </message>
    <message>
        <location filename="../wording.py" line="215" />
        <source>the sound's time</source>
        <translation>声音时间戳</translation>
    </message>
    <message>
        <location filename="../wording.py" line="216" />
        <source>the picture's and sound's time</source>
        <translation>画面和声音的时间戳</translation>
    </message>
    <message>
        <location filename="../wording.py" line="317" />
        <source>listed in manifest.csv as {path} but the file is absent</source>
        <translation>清单 manifest.csv 列出了 {path}，但文件不存在</translation>
    </message>
    <message>
        <location filename="../wording.py" line="320" />
        <source>manifest.csv lists no {camera} recording</source>
        <translation>清单 manifest.csv 中没有{camera}视频</translation>
    </message>
    <message>
        <location filename="../wording.py" line="323" />
        <source>no {camera} recording in the export</source>
        <translation>导出文件夹中没有{camera}视频</translation>
    </message>
    <message>
        <location filename="../wording.py" line="326" />
        <source>manifest.csv line {line}: path {path} refused: {why_text}</source>
        <translation>清单 manifest.csv 第 {line} 行的路径 {path} 被拒绝：{why_text}</translation>
    </message>
    <message>
        <location filename="../wording.py" line="329" />
        <source>{path} is a link to a file outside the export; not read</source>
        <translation>{path} 是指向导出文件夹之外的链接，未读取</translation>
    </message>
    <message>
        <location filename="../wording.py" line="332" />
        <source>{path} is a symlink loop; not read</source>
        <translation>{path} 是循环链接，未读取</translation>
    </message>
    <message>
        <location filename="../wording.py" line="335" />
        <source>{path} cannot be resolved; not read</source>
        <translation>{path} 无法解析，未读取</translation>
    </message>
    <message>
        <location filename="../wording.py" line="338" />
        <source>{path} is not a regular file ({kind_text}); not opened</source>
        <translation>{path} 不是普通文件（{kind_text}），未打开</translation>
    </message>
    <message>
        <location filename="../wording.py" line="341" />
        <source>no longer in the export since an earlier scan</source>
        <translation>上次扫描后已从导出文件夹中消失</translation>
    </message>
    <message>
        <location filename="../wording.py" line="344" />
        <source>a manifest key is configured but the export has no manifest.csv</source>
        <translation>已配置清单公钥，但导出文件夹中没有清单 manifest.csv</translation>
    </message>
    <message>
        <location filename="../wording.py" line="347" />
        <source>cannot read {file}</source>
        <translation>无法读取 {file}</translation>
    </message>
    <message>
        <location filename="../wording.py" line="350" />
        <source>{file} is a link to a file outside the export; not read</source>
        <translation>{file} 是指向导出文件夹之外的链接，未读取</translation>
    </message>
    <message>
        <location filename="../wording.py" line="353" />
        <source>manifest.csv.sig is missing</source>
        <translation>缺少签名文件 manifest.csv.sig</translation>
    </message>
    <message>
        <location filename="../wording.py" line="356" />
        <source>cannot read manifest.csv.sig</source>
        <translation>无法读取签名文件 manifest.csv.sig</translation>
    </message>
    <message>
        <location filename="../wording.py" line="359" />
        <source>manifest.csv.sig is {bytes} bytes; a raw Ed25519 signature is 64</source>
        <translation>签名文件 manifest.csv.sig 有 {bytes} 字节，而 Ed25519 签名应为 64 字节</translation>
    </message>
    <message>
        <location filename="../wording.py" line="362" />
        <source>manifest.csv.sig does not verify: the manifest was changed or signed by another key</source>
        <translation>签名验证失败：清单已被改动，或由其他密钥签名</translation>
    </message>
    <message>
        <location filename="../wording.py" line="370" />
        <source>it is an absolute path; paths are relative to the export</source>
        <translation>这是绝对路径，路径应相对于导出文件夹</translation>
    </message>
    <message>
        <location filename="../wording.py" line="373" />
        <source>it climbs out of the export with '..'</source>
        <translation>用“..”跳出了导出文件夹</translation>
    </message>
    <message>
        <location filename="../wording.py" line="374" />
        <source>it resolves outside the export through a symlink</source>
        <translation>通过链接指向导出文件夹之外</translation>
    </message>
    <message>
        <location filename="../wording.py" line="377" />
        <source>it is a symlink loop</source>
        <translation>是循环链接</translation>
    </message>
    <message>
        <location filename="../wording.py" line="378" />
        <source>it cannot be resolved</source>
        <translation>无法解析</translation>
    </message>
    <message>
        <location filename="../wording.py" line="379" />
        <source>it contains a NUL byte</source>
        <translation>含有空字符（NUL）</translation>
    </message>
    <message>
        <location filename="../wording.py" line="380" />
        <source>it is empty</source>
        <translation>路径为空</translation>
    </message>
    <message>
        <location filename="../wording.py" line="383" />
        <source>a pipe</source>
        <translation>管道</translation>
    </message>
    <message>
        <location filename="../wording.py" line="384" />
        <source>a socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <location filename="../wording.py" line="385" />
        <source>a device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../wording.py" line="386" />
        <source>a disk device</source>
        <translation>磁盘设备</translation>
    </message>
    <message>
        <location filename="../wording.py" line="387" />
        <source>a folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../wording.py" line="196" />
        <location filename="../wording.py" line="388" />
        <source>not a file</source>
        <translation>不是文件</translation>
    </message>
    <message>
        <location filename="../error_words.py" line="12" />
        <source>export folder not found: {path}</source>
        <translation>找不到导出文件夹：{path}</translation>
    </message>
    <message>
        <location filename="../error_words.py" line="13" />
        <source>not a folder: {path}</source>
        <translation>不是文件夹：{path}</translation>
    </message>
    <message>
        <location filename="../error_words.py" line="14" />
        <source>cannot read the export folder {path}</source>
        <translation>无法读取导出文件夹 {path}</translation>
    </message>
    <message>
        <location filename="../error_words.py" line="15" />
        <source>cannot open the database {url}</source>
        <translation>无法打开数据库 {url}</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="18" />
        <source>by sound: {when} (match {score:.1f})</source>
        <translation>按声音对齐：{when}（匹配度 {score:.1f}）</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="19" />
        <source>by movement: {when} (match {score:.1f})</source>
        <translation>按画面动作对齐：{when}（匹配度 {score:.1f}）</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="22" />
        <source>the sound does not match (match {score:.1f})</source>
        <translation>声音对不上（匹配度 {score:.1f}）</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="23" />
        <source>the movement does not match (match {score:.1f})</source>
        <translation>画面动作对不上（匹配度 {score:.1f}）</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="26" />
        <source>the file times say {prior_s:+.1f} s, the measurement {offset_s:+.2f} s</source>
        <translation>文件时间显示偏移 {prior_s:+.1f} 秒，实测为 {offset_s:+.2f} 秒</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="29" />
        <source>an offset of {offset_s:+.1f} s leaves no overlap between the recordings</source>
        <translation>偏移 {offset_s:+.1f} 秒时两段视频没有重叠</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="32" />
        <source>no sound track in {cameras}</source>
        <translation>{cameras}视频没有声音轨</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="33" />
        <source>sound silent or unreadable in {cameras}</source>
        <translation>{cameras}视频的声音为静音或无法读取</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="34" />
        <source>the file times give {prior_s:+.1f} s</source>
        <translation>文件时间给出 {prior_s:+.1f} 秒</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="35" />
        <source>no usable sound or movement in one recording</source>
        <translation>其中一段视频没有可用的声音或画面动作</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="38" />
        <source>not aligned: the {camera} recording is missing</source>
        <translation>未对齐：缺少{camera}视频</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="39" />
        <source>not aligned: the {camera} recording is not analysed yet</source>
        <translation>未对齐：{camera}视频尚未分析</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="42" />
        <source>not aligned: the {camera} recording is unreadable</source>
        <translation>未对齐：{camera}视频无法读取</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="43" />
        <source>alignment pending</source>
        <translation>等待对齐</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="44" />
        <source>alignment failed; the next scan tries again</source>
        <translation>对齐失败，下次扫描时重试</translation>
    </message>
    <message>
        <location filename="../wording.py" line="221" />
        <source>face</source>
        <translation>人脸</translation>
    </message>
    <message>
        <location filename="../wording.py" line="222" />
        <source>person</source>
        <translation>人</translation>
    </message>
    <message>
        <location filename="../wording.py" line="223" />
        <source>left hand</source>
        <translation>左手</translation>
    </message>
    <message>
        <location filename="../wording.py" line="224" />
        <source>right hand</source>
        <translation>右手</translation>
    </message>
    <message>
        <location filename="../wording.py" line="225" />
        <source>phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../wording.py" line="226" />
        <source>reflection</source>
        <translation>倒影</translation>
    </message>
    <message>
        <location filename="../wording.py" line="228" />
        <source>book</source>
        <translation>书</translation>
    </message>
    <message>
        <location filename="../wording.py" line="229" />
        <source>screen</source>
        <translation>屏幕</translation>
    </message>
    <message>
        <location filename="../wording.py" line="230" />
        <source>laptop</source>
        <translation>笔记本电脑</translation>
    </message>
    <message>
        <location filename="../wording.py" line="231" />
        <source>mouse</source>
        <translation>鼠标</translation>
    </message>
    <message>
        <location filename="../wording.py" line="232" />
        <source>remote control</source>
        <translation>遥控器</translation>
    </message>
    <message>
        <location filename="../wording.py" line="233" />
        <source>keyboard</source>
        <translation>键盘</translation>
    </message>
    <message>
        <location filename="../wording.py" line="247" />
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="50" />
        <source>aux started {s:.2f} s after main</source>
        <translation>辅机比主机晚 {s:.2f} 秒开始录制</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="51" />
        <source>aux started {s:.2f} s before main</source>
        <translation>辅机比主机早 {s:.2f} 秒开始录制</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="78" />
        <source>clock drift {ppm:+.0f} ppm</source>
        <translation>时钟漂移 {ppm:+.0f} ppm</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="81" />
        <source>from the file times only (weak): {when}</source>
        <translation>仅依据文件时间推定（不可靠）：{when}</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="87" />
        <source>no offset found</source>
        <translation>未找到时间偏移</translation>
    </message>
    <message>
        <location filename="../alignment_words.py" line="92" />
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../corroboration_words.py" line="16" />
        <source>confirmed by the {camera} camera: {why}</source>
        <translation>{camera}也证实：{why}</translation>
    </message>
    <message>
        <location filename="../corroboration_words.py" line="17" />
        <source>contradicted by the {camera} camera: {why}</source>
        <translation>{camera}与此矛盾：{why}</translation>
    </message>
    <message>
        <location filename="../corroboration_words.py" line="18" />
        <source>the {camera} camera cannot tell: {why}</source>
        <translation>{camera}无法判断：{why}</translation>
    </message>
    <message>
        <location filename="../corroboration_words.py" line="21" />
        <source>it flagged the same from {start_s:.0f} s</source>
        <translation>该机位从其第 {start_s:.0f} 秒起也标记了同样情况</translation>
    </message>
    <message>
        <location filename="../corroboration_words.py" line="22" />
        <source>it saw no candidate either</source>
        <translation>该机位同样没有看到考生</translation>
    </message>
    <message>
        <location filename="../corroboration_words.py" line="23" />
        <source>it saw the candidate at the desk on {percent:.0f}% of its frames</source>
        <translation>该机位在 {percent:.0f}% 的画面中看到考生在座位上</translation>
    </message>
    <message>
        <location filename="../corroboration_words.py" line="26" />
        <source>it did not see it (perhaps out of its view)</source>
        <translation>该机位没有看到（可能不在其视野内）</translation>
    </message>
    <message>
        <location filename="../corroboration_words.py" line="27" />
        <source>only one camera can see this</source>
        <translation>只有一个机位能看到此情况</translation>
    </message>
    <message>
        <location filename="../corroboration_words.py" line="28" />
        <source>the two recordings are not aligned</source>
        <translation>两段录像的时间未能对齐</translation>
    </message>
    <message>
        <location filename="../corroboration_words.py" line="29" />
        <source>its recording has no detection results</source>
        <translation>该机位的录像没有检测结果</translation>
    </message>
    <message>
        <location filename="../corroboration_words.py" line="30" />
        <source>its recording does not cover this moment</source>
        <translation>该机位的录像没有覆盖这一时刻</translation>
    </message>
    <message>
        <location filename="../corroboration_words.py" line="33" />
        <source>Flags the other camera confirmed (▲, higher in the queue) and contradicted (▼, lower in the queue)</source>
        <translation>另一机位证实的标记（▲，在队列中靠前）和与之矛盾的标记（▼，在队列中靠后）</translation>
    </message>
</context>
<context>
    <name>Writes</name>
    <message>
        <location filename="../writes.py" line="29" />
        <source>You gave this verdict: a second grader must be someone else.</source>
        <translation>该结论由您作出：复核须由另一位阅卷人进行。</translation>
    </message>
    <message>
        <location filename="../writes.py" line="32" />
        <source>No zero here waits for a second grader.</source>
        <translation>此科目没有待复核的零分结论。</translation>
    </message>
    <message>
        <location filename="../writes.py" line="33" />
        <source>Only members of the committee (Settings: the configuration's [roles]) can.</source>
        <translation>只有委员会成员可以操作（见配置文件中的 [roles]）。</translation>
    </message>
    <message>
        <location filename="../writes.py" line="36" />
        <source>The committee decides: violation or no violation.</source>
        <translation>委员会须裁定：违规或不违规。</translation>
    </message>
    <message>
        <location filename="../writes.py" line="39" />
        <source>The committee's verdict needs a note.</source>
        <translation>委员会裁定须附说明。</translation>
    </message>
    <message>
        <location filename="../writes.py" line="40" />
        <source>The committee has decided this subject; its verdict is final.</source>
        <translation>委员会已裁定此科目，其结论为最终结论。</translation>
    </message>
    <message>
        <location filename="../writes.py" line="43" />
        <source>Set your name first (Settings → Grader name).</source>
        <translation>请先设置姓名（设置 → 阅卷人姓名）。</translation>
    </message>
    <message>
        <location filename="../writes.py" line="46" />
        <source>confirmed</source>
        <translation>确认了该标记</translation>
    </message>
    <message>
        <location filename="../writes.py" line="47" />
        <source>dismissed</source>
        <translation>驳回了该标记</translation>
    </message>
    <message>
        <location filename="../writes.py" line="48" />
        <source>marked uncertain</source>
        <translation>将该标记标为存疑</translation>
    </message>
    <message>
        <location filename="../writes.py" line="49" />
        <source>agreed as the second grader</source>
        <translation>复核同意</translation>
    </message>
    <message>
        <location filename="../writes.py" line="50" />
        <source>disagreed as the second grader</source>
        <translation>复核不同意</translation>
    </message>
    <message>
        <location filename="../writes.py" line="61" />
        <source>{grader} {what} at {at}</source>
        <translation>{grader} 于 {at} {what}</translation>
    </message>
    <message>
        <location filename="../writes.py" line="70" />
        <source>This flag is gone: a rescan no longer finds it. Nothing was saved.</source>
        <translation>该标记已不存在：重新扫描后不再检测到它。未保存。</translation>
    </message>
    <message>
        <location filename="../writes.py" line="107" />
        <source>Decided meanwhile</source>
        <translation>他人已先作出决定</translation>
    </message>
    <message>
        <location filename="../writes.py" line="109" />
        <source>Since you opened this subject, another grader decided:</source>
        <translation>在您打开此科目之后，其他阅卷人已作出决定：</translation>
    </message>
    <message>
        <location filename="../writes.py" line="116" />
        <source>Your decision is saved too, as the latest.</source>
        <translation>您的决定也已保存，并作为最新决定。</translation>
    </message>
    <message>
        <location filename="../writes.py" line="122" />
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
</TS>