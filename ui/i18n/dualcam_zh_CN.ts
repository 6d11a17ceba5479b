<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <location filename="../scanning.py" line="29" />
        <source>Scanning %s</source>
        <translation>正在扫描 %s</translation>
    </message>
    <message>
        <location filename="../scanning.py" line="29" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../scanning.py" line="43" />
        <source>Scan failed</source>
        <translation>扫描失败</translation>
    </message>
</context>
<context>
    <name>DecisionPanel</name>
    <message>
        <location filename="../panel.py" line="65" />
        <source>Best frame (B)</source>
        <translation>最佳画面 (B)</translation>
    </message>
    <message>
        <location filename="../panel.py" line="67" />
        <source>Show the flag's strongest frame, with the boxes the detectors saw there</source>
        <translation>显示该标记最明显的一帧，以及检测器在该帧看到的框</translation>
    </message>
    <message>
        <location filename="../panel.py" line="73" />
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <location filename="../panel.py" line="77" />
        <source>Confirm (C)</source>
        <translation>确认 (C)</translation>
    </message>
    <message>
        <location filename="../panel.py" line="78" />
        <source>Dismiss (D)</source>
        <translation>驳回 (D)</translation>
    </message>
    <message>
        <location filename="../panel.py" line="79" />
        <source>Uncertain (U)</source>
        <translation>存疑 (U)</translation>
    </message>
    <message>
        <location filename="../panel.py" line="85" />
        <location filename="../panel.py" line="102" />
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../panel.py" line="89" />
        <source>No violation</source>
        <translation>无违规</translation>
    </message>
    <message>
        <location filename="../panel.py" line="90" />
        <source>Violation</source>
        <translation>违规</translation>
    </message>
    <message>
        <location filename="../panel.py" line="91" />
        <source>Needs committee</source>
        <translation>提交委员会</translation>
    </message>
    <message>
        <location filename="../panel.py" line="99" />
        <source>Save verdict</source>
        <translation>保存结论</translation>
    </message>
    <message>
        <location filename="../panel.py" line="103" />
        <source>Rule</source>
        <translation>违反规则</translation>
    </message>
    <message>
        <location filename="../panel.py" line="104" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../panel.py" line="114" />
        <source>No subject selected</source>
        <translation>未选择科目</translation>
    </message>
    <message>
        <location filename="../panel.py" line="120" />
        <source>Alignment: %s</source>
        <translation>时间对齐：%s</translation>
    </message>
    <message>
        <location filename="../panel.py" line="128" />
        <source>human</source>
        <translation>人工</translation>
    </message>
    <message>
        <location filename="../panel.py" line="141" />
        <source>saved: %s</source>
        <translation>已保存：%s</translation>
    </message>
    <message>
        <location filename="../panel.py" line="143" />
        <source>no verdict yet</source>
        <translation>尚无结论</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../help.py" line="28" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="49" />
        <source>DualCam Review</source>
        <translation>双机位审核</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="65" />
        <source>Search candidate ID</source>
        <translation>搜索考生号</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="67" />
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="71" />
        <source>All flags</source>
        <translation>全部标记</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="92" />
        <source>Main (主机)</source>
        <translation>主机 (Main)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="93" />
        <source>Aux (辅机)</source>
        <translation>辅机 (Aux)</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Overlays</source>
        <translation>检测框</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="123" />
        <location filename="../main_window.py" line="367" />
        <location filename="../main_window.py" line="382" />
        <source>Grader: %s</source>
        <translation>阅卷人：%s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="126" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="127" />
        <source>Scan export…</source>
        <translation>扫描导出文件夹…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="130" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="133" />
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="134" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="137" />
        <source>Grader name…</source>
        <translation>阅卷人姓名…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="377" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="140" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="141" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="293" />
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="297" />
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="326" />
        <location filename="../main_window.py" line="334" />
        <source>Manual flag</source>
        <translation>手动标记</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="327" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="334" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="347" />
        <source>Export folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <source>Scanning %s</source>
        <translation>正在扫描 %s</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="357" />
        <source>Scan %s: %d subjects</source>
        <translation>扫描%s：%d 个科目</translation>
    </message>
    <message>
        <source>Scan failed</source>
        <translation>扫描失败</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="363" />
        <source>Grader name</source>
        <translation>阅卷人姓名</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="363" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>The language changes when the app restarts.</source>
        <translation>重新启动后切换语言。</translation>
    </message>
</context>
<context>
    <name>PlaybackBar</name>
    <message>
        <location filename="../controls.py" line="18" />
        <location filename="../controls.py" line="21" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../controls.py" line="21" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../controls.py" line="45" />
        <source>Overlays</source>
        <translation>检测框</translation>
    </message>
    <message>
        <location filename="../controls.py" line="50" />
        <source>Sound: which camera you hear (at 1× only)</source>
        <translation>声音：听哪一台手机的声音（仅 1× 播放时）</translation>
    </message>
    <message>
        <location filename="../controls.py" line="52" />
        <source>♪ Main</source>
        <translation>♪ 主机</translation>
    </message>
    <message>
        <location filename="../controls.py" line="53" />
        <source>♪ Aux</source>
        <translation>♪ 辅机</translation>
    </message>
    <message>
        <location filename="../controls.py" line="54" />
        <source>♪ Off</source>
        <translation>♪ 关</translation>
    </message>
    <message>
        <location filename="../controls.py" line="71" />
        <source>main</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../controls.py" line="71" />
        <source>aux</source>
        <translation>辅机</translation>
    </message>
    <message>
        <location filename="../controls.py" line="73" />
        <source>sound off</source>
        <translation>声音已关</translation>
    </message>
    <message>
        <location filename="../controls.py" line="74" />
        <source>no audio output</source>
        <translation>无音频输出设备</translation>
    </message>
    <message>
        <location filename="../controls.py" line="75" />
        <source>no %s recording</source>
        <translation>无%s录像</translation>
    </message>
    <message>
        <location filename="../controls.py" line="76" />
        <source>no sound in the %s recording</source>
        <translation>%s录像没有声音</translation>
    </message>
    <message>
        <location filename="../controls.py" line="78" />
        <source>silent at %s×</source>
        <translation>%s× 播放时静音</translation>
    </message>
    <message>
        <location filename="../controls.py" line="79" />
        <source>%s camera sound</source>
        <translation>%s声音</translation>
    </message>
    <message>
        <location filename="../controls.py" line="80" />
        <source>sound unreadable</source>
        <translation>声音无法读取</translation>
    </message>
    <message>
        <location filename="../controls.py" line="81" />
        <source>audio output failed</source>
        <translation>音频输出失败</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../queue_model.py" line="41" />
        <source>Candidate</source>
        <translation>考生</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="42" />
        <source>Subject</source>
        <translation>科目</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="43" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="44" />
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="45" />
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="46" />
        <source>Integrity</source>
        <translation>完整性</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../settings.py" line="43" />
        <location filename="../settings.py" line="114" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../settings.py" line="49" />
        <source>default: SQLite file in the user data folder</source>
        <translation>默认：用户数据目录中的 SQLite 文件</translation>
    </message>
    <message>
        <location filename="../settings.py" line="55" />
        <source>Grader name</source>
        <translation>阅卷人姓名</translation>
    </message>
    <message>
        <location filename="../settings.py" line="56" />
        <source>Database URL</source>
        <translation>数据库地址</translation>
    </message>
    <message>
        <location filename="../settings.py" line="57" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../settings.py" line="61" />
        <source>Detection and rule settings (from %s):</source>
        <translation>检测与规则设置（来自 %s）：</translation>
    </message>
    <message>
        <location filename="../settings.py" line="72" />
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <location filename="../settings.py" line="72" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../settings.py" line="80" />
        <source>Edit this one in the configuration file</source>
        <translation>此项请在配置文件中修改</translation>
    </message>
    <message>
        <location filename="../settings.py" line="86" />
        <source>Thresholds are saved to the configuration file and used by the next scan, from here or from the command line; the database and the language apply from the next start.</source>
        <translation>阈值保存到配置文件，下一次扫描（在此处或命令行）即采用；数据库和语言在下次启动时生效。</translation>
    </message>
    <message>
        <source>Change these in the configuration file; the database and the language apply from the next start.</source>
        <translation>请在配置文件中修改这些设置；数据库和语言在下次启动时生效。</translation>
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
        <source>Next subject</source>
        <translation>下一个科目</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../queue_model.py" line="21" />
        <source>unreviewed</source>
        <translation>未审核</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="22" />
        <source>in review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="23" />
        <source>reviewed</source>
        <translation>已审核</translation>
    </message>
    <message>
        <location filename="../queue_model.py" line="24" />
        <source>needs committee</source>
        <translation>待委员会裁定</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../timeline.py" line="88" />
        <source>main</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="89" />
        <source>aux</source>
        <translation>辅机</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="90" />
        <source>pair</source>
        <translation>双机</translation>
    </message>
</context>
<context>
    <name>VideoPane</name>
    <message>
        <location filename="../player.py" line="79" />
        <source>No recording</source>
        <translation>无录像</translation>
    </message>
    <message>
        <location filename="../player.py" line="106" />
        <source>Recording missing</source>
        <translation>录像缺失</translation>
    </message>
    <message>
        <location filename="../player.py" line="109" />
        <source>Recording unreadable</source>
        <translation>录像无法读取</translation>
    </message>
    <message>
        <location filename="../player.py" line="114" />
        <source>Cannot open: %s</source>
        <translation>无法打开：%s</translation>
    </message>
    <message>
        <location filename="../player.py" line="132" />
        <source>not recording yet</source>
        <translation>尚未开始录制</translation>
    </message>
    <message>
        <location filename="../player.py" line="166" />
        <source>Decoding failed: %s</source>
        <translation>解码失败：%s</translation>
    </message>
</context>
</TS>