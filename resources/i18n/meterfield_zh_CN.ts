<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Admin</name>
    <message>
        <source>User created</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>User changed</source>
        <translation>修改用户</translation>
    </message>
    <message>
        <source>PIN reset</source>
        <translation>重置PIN</translation>
    </message>
    <message>
        <source>PIN or badge set</source>
        <translation>设置PIN或工牌</translation>
    </message>
    <message>
        <source>Team created</source>
        <translation>新建班组</translation>
    </message>
    <message>
        <source>Service area set</source>
        <translation>设置服务片区</translation>
    </message>
    <message>
        <source>Enrolment code issued</source>
        <translation>签发注册码</translation>
    </message>
    <message>
        <source>Terminal locked</source>
        <translation>停用终端</translation>
    </message>
    <message>
        <source>Order assigned</source>
        <translation>派工</translation>
    </message>
    <message>
        <source>Order reassigned</source>
        <translation>改派</translation>
    </message>
    <message>
        <source>Order cancelled</source>
        <translation>取消工单</translation>
    </message>
    <message>
        <source>Stock issued</source>
        <translation>领用库存</translation>
    </message>
    <message>
        <source>Stock returned</source>
        <translation>退库</translation>
    </message>
    <message>
        <source>Server command line</source>
        <translation>服务器命令行</translation>
    </message>
    <message>
        <source>Other act</source>
        <translation>其他操作</translation>
    </message>
</context>
<context>
    <name>AdminUserForm</name>
    <message>
        <source>Staff number</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Create user</source>
        <translation>新建用户</translation>
    </message>
</context>
<context>
    <name>AdminView</name>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新PIN</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>设置PIN</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>注册码</translation>
    </message>
    <message>
        <source>Team number</source>
        <translation>班组编号</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>单位编号</translation>
    </message>
    <message>
        <source>Team name</source>
        <translation>班组名称</translation>
    </message>
    <message>
        <source>Create team</source>
        <translation>新建班组</translation>
    </message>
    <message>
        <source>%1 people</source>
        <translation>%1 人</translation>
    </message>
    <message>
        <source>Enrolled %1 · last contact %2</source>
        <translation>注册于 %1 · 最近联络 %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Tap again to lock</source>
        <translation>再点一次确认停用</translation>
    </message>
    <message>
        <source>Lock terminal</source>
        <translation>停用终端</translation>
    </message>
</context>
<context>
    <name>CentreBanner</name>
    <message>
        <source>Asking the centre…</source>
        <translation>正在联系主站…</translation>
    </message>
</context>
<context>
    <name>CentreMessages</name>
    <message>
        <source>The centre cannot be reached. Check the network and try again.</source>
        <translation>无法连接主站，请检查网络后重试。</translation>
    </message>
    <message>
        <source>The centre is busy. Try again in a moment.</source>
        <translation>主站繁忙，请稍后重试。</translation>
    </message>
    <message>
        <source>The centre&apos;s answer could not be read: update the app.</source>
        <translation>无法读取主站的应答，请升级应用。</translation>
    </message>
    <message>
        <source>This terminal is not enrolled with the centre.</source>
        <translation>本终端尚未在主站注册。</translation>
    </message>
    <message>
        <source>This terminal has been locked by the centre.</source>
        <translation>本终端已被主站停用。</translation>
    </message>
    <message>
        <source>The centre&apos;s certificate is not the one this terminal knows. Nothing was sent. Tell the administrator.</source>
        <translation>主站证书与本终端注册时的不一致，未发送任何数据，请联系管理员。</translation>
    </message>
    <message>
        <source>This terminal&apos;s user may not do this. Dispatch is for team leaders, administration for administrators.</source>
        <translation>本终端的用户无权执行此操作：派工由班长负责，系统管理由管理员负责。</translation>
    </message>
    <message>
        <source>This order belongs to another team or region.</source>
        <translation>该工单属于其他班组或片区。</translation>
    </message>
    <message>
        <source>The centre has no such order any more. Refresh the list.</source>
        <translation>主站已没有该工单，请刷新列表。</translation>
    </message>
    <message>
        <source>Someone has assigned this order meanwhile. Refresh the list; reassign it if needed.</source>
        <translation>该工单已被他人派出，请刷新列表；如需调整请改派。</translation>
    </message>
    <message>
        <source>The order&apos;s state does not allow this any more (it may be finished or cancelled). Refresh the list.</source>
        <translation>工单当前状态不允许此操作（可能已完成或已取消），请刷新列表。</translation>
    </message>
    <message>
        <source>This technician is not in the order&apos;s team.</source>
        <translation>该装表员不属于工单所在班组。</translation>
    </message>
    <message>
        <source>The centre refused this: check the choice and try again.</source>
        <translation>主站拒绝了此操作，请检查所选内容后重试。</translation>
    </message>
    <message>
        <source>A user with this staff number already exists.</source>
        <translation>该工号的用户已存在。</translation>
    </message>
    <message>
        <source>A team with this number already exists.</source>
        <translation>该编号的班组已存在。</translation>
    </message>
    <message>
        <source>The centre has no such user.</source>
        <translation>主站没有该用户。</translation>
    </message>
    <message>
        <source>The centre has no such team.</source>
        <translation>主站没有该班组。</translation>
    </message>
    <message>
        <source>Administrators and the metering centre belong to no team.</source>
        <translation>管理员和计量中心用户不属于任何班组。</translation>
    </message>
    <message>
        <source>This team belongs to another company.</source>
        <translation>该班组属于其他单位。</translation>
    </message>
    <message>
        <source>Fill in every field.</source>
        <translation>请填写所有项目。</translation>
    </message>
    <message>
        <source>A number is 1 to 32 letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;.</source>
        <translation>编号为 1 至 32 位字母、数字、“-”、“_”或“.”。</translation>
    </message>
    <message>
        <source>This staff number is reserved. Choose another.</source>
        <translation>该工号为系统保留，请换一个。</translation>
    </message>
    <message>
        <source>The name may not hold control characters.</source>
        <translation>姓名不能包含控制字符。</translation>
    </message>
    <message>
        <source>The name is too long.</source>
        <translation>姓名太长。</translation>
    </message>
    <message>
        <source>A PIN is 4 to 8 digits.</source>
        <translation>PIN 为 4 至 8 位数字。</translation>
    </message>
    <message>
        <source>The centre has no such terminal.</source>
        <translation>主站没有该终端。</translation>
    </message>
    <message>
        <source>This item is in another technician&apos;s stock. Take it back from them first.</source>
        <translation>该物品在其他装表员的库存中，请先从其处退库。</translation>
    </message>
    <message>
        <source>This item has already been used on an order or is installed.</source>
        <translation>该物品已用于工单或已装出。</translation>
    </message>
    <message>
        <source>Stock is issued to technicians only.</source>
        <translation>库存只能领用给装表员。</translation>
    </message>
    <message>
        <source>The centre never issued this item.</source>
        <translation>主站从未发出过该物品。</translation>
    </message>
    <message>
        <source>The centre refused this. Try again, or ask the administrator.</source>
        <translation>主站拒绝了此操作，请重试或联系管理员。</translation>
    </message>
    <message>
        <source>Order %1 assigned to %2. Their handheld gets it at its next sync.</source>
        <translation>工单 %1 已派给 %2，其掌机下次同步时收到。</translation>
    </message>
    <message>
        <source>Order %1 moved to %2. The previous handheld drops it at its next sync.</source>
        <translation>工单 %1 已改派给 %2，原掌机下次同步时移除。</translation>
    </message>
    <message>
        <source>Order %1 cancelled.</source>
        <translation>工单 %1 已取消。</translation>
    </message>
    <message>
        <source>User %1 created. Give them an enrolment code or a PIN.</source>
        <translation>用户 %1 已创建，请为其签发注册码或设置 PIN。</translation>
    </message>
    <message>
        <source>Team %1 created.</source>
        <translation>班组 %1 已创建。</translation>
    </message>
    <message>
        <source>New PIN for %1 sent: their team&apos;s handhelds get it at their next sync.</source>
        <translation>%1 的新 PIN 已下发，其班组掌机下次同步时生效。</translation>
    </message>
    <message>
        <source>Terminal %1 locked. It signs out at its next contact.</source>
        <translation>终端 %1 已停用，下次联络时自动退出。</translation>
    </message>
    <message>
        <source>%1 issued to %2. Their handheld lists it at its next sync.</source>
        <translation>%1 已领用给 %2，其掌机下次同步时列出。</translation>
    </message>
    <message>
        <source>%1 taken back to the warehouse.</source>
        <translation>%1 已退回库房。</translation>
    </message>
    <message>
        <source>Enrolment code for %1: %2 (valid 24 hours, once).</source>
        <translation>%1 的注册码：%2（24 小时内有效，仅限一次）。</translation>
    </message>
    <message>
        <source>The table was saved as %1.</source>
        <translation>表格已保存为 %1。</translation>
    </message>
</context>
<context>
    <name>CompleteStep</name>
    <message>
        <source>The replacement is complete. Print the customer&apos;s receipt.</source>
        <translation>换表已完成。请打印客户回执。</translation>
    </message>
    <message>
        <source>Check the summary, then complete the order.</source>
        <translation>核对以下汇总，然后完成工单。</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <source>Tariff written and verified</source>
        <translation>已写入并核对的费率</translation>
    </message>
    <message>
        <source>Complete and upload</source>
        <translation>完成并上传</translation>
    </message>
    <message>
        <source>Print the receipt again</source>
        <translation>再次打印回执</translation>
    </message>
    <message>
        <source>Retry printing</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <source>Print the receipt</source>
        <translation>打印回执</translation>
    </message>
</context>
<context>
    <name>ConfirmStep</name>
    <message>
        <source>The customer checks the final reading and signs below.</source>
        <translation>请客户核对止度，并在下方签名。</translation>
    </message>
    <message>
        <source>Customer signs here</source>
        <translation>客户在此签名</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Photograph the old meter and confirm</source>
        <translation>拍照旧表并确认</translation>
    </message>
</context>
<context>
    <name>DevicesView</name>
    <message>
        <source>Devices of this handheld</source>
        <translation>本机设备</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Check all devices</source>
        <translation>检查全部设备</translation>
    </message>
</context>
<context>
    <name>DiagnoseStep</name>
    <message>
        <source>Final readings of meter %1. Show them to the customer.</source>
        <translation>表计 %1 的止度，请向客户出示。</translation>
    </message>
    <message>
        <source>Hold the infrared probe on the faulty meter and read it. If it still does not answer, record that.</source>
        <translation>将红外探头贴住故障表并抄读；若仍无应答，请如实记录。</translation>
    </message>
    <message>
        <source>Read the faulty meter</source>
        <translation>抄读故障表</translation>
    </message>
    <message>
        <source>It does not answer: record it</source>
        <translation>无应答，记录为无法抄读</translation>
    </message>
</context>
<context>
    <name>Dispatch</name>
    <message>
        <source>The customer asked to cancel</source>
        <translation>客户要求取消</translation>
    </message>
    <message>
        <source>A duplicate of another order</source>
        <translation>与其他工单重复</translation>
    </message>
    <message>
        <source>The archive is wrong: back to the marketing system</source>
        <translation>档案有误，退回营销系统</translation>
    </message>
    <message>
        <source>The site cannot be reached</source>
        <translation>现场无法到达</translation>
    </message>
</context>
<context>
    <name>DispatchView</name>
    <message>
        <source>To dispatch</source>
        <translation>待派工</translation>
    </message>
    <message>
        <source>Dispatched, open</source>
        <translation>已派工未完成</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Nothing to dispatch.</source>
        <translation>没有待派的工单。</translation>
    </message>
    <message>
        <source>No orders.</source>
        <translation>没有工单。</translation>
    </message>
    <message>
        <source>Technician: %1</source>
        <translation>装表员：%1</translation>
    </message>
    <message>
        <source>Not dispatched</source>
        <translation>未派工</translation>
    </message>
    <message>
        <source>Tap an order to dispatch it.</source>
        <translation>点选左侧工单进行派工。</translation>
    </message>
    <message>
        <source>Meter %1</source>
        <translation>电能表 %1</translation>
    </message>
    <message>
        <source>Give it to:</source>
        <translation>派给：</translation>
    </message>
    <message>
        <source>Give it to another technician:</source>
        <translation>改派给其他装表员：</translation>
    </message>
    <message>
        <source>%1 open</source>
        <translation>未完成 %1 单</translation>
    </message>
    <message>
        <source>Cancel the order:</source>
        <translation>取消工单：</translation>
    </message>
    <message>
        <source>Cancel order %1</source>
        <translation>确认取消工单 %1</translation>
    </message>
</context>
<context>
    <name>EnrolView</name>
    <message>
        <source>Set up this handheld</source>
        <translation>设置本终端</translation>
    </message>
    <message>
        <source>Ask the administrator for this handheld&apos;s enrolment QR code, hold the camera over it and tap Scan. Nothing needs to be typed.</source>
        <translation>请向管理员索取本终端的注册二维码，将摄像头对准二维码后点“扫描”。无需输入任何内容。</translation>
    </message>
    <message>
        <source>Enrolling…</source>
        <translation>正在注册…</translation>
    </message>
    <message>
        <source>Scan the enrolment QR code</source>
        <translation>扫描注册二维码</translation>
    </message>
    <message>
        <source>Device settings</source>
        <translation>设备设置</translation>
    </message>
</context>
<context>
    <name>EnrolmentModel</name>
    <message>
        <source>This handheld belongs to %1 (enrolled by %2)</source>
        <translation>本机属于%1（注册人：%2）</translation>
    </message>
</context>
<context>
    <name>Evaluation</name>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>近7天</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>近30天</translation>
    </message>
    <message>
        <source>By technician</source>
        <translation>按人员</translation>
    </message>
    <message>
        <source>By team</source>
        <translation>按班组</translation>
    </message>
    <message>
        <source>By area</source>
        <translation>按台区</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>按日</translation>
    </message>
    <message>
        <source>wrong meter scanned</source>
        <translation>扫错电能表</translation>
    </message>
    <message>
        <source>seal refused</source>
        <translation>封印被拒</translation>
    </message>
    <message>
        <source>tariff write refused</source>
        <translation>电价写入被拒</translation>
    </message>
    <message>
        <source>no authorisation for the meter</source>
        <translation>无电能表授权</translation>
    </message>
    <message>
        <source>no RFID tag read</source>
        <translation>未读到电子标签</translation>
    </message>
    <message>
        <source>a step failed</source>
        <translation>步骤失败</translation>
    </message>
    <message>
        <source>seal not in the technician&apos;s stock</source>
        <translation>封印不在领用库存中</translation>
    </message>
    <message>
        <source>seal already used</source>
        <translation>封印已被使用</translation>
    </message>
    <message>
        <source>work on a reassigned order</source>
        <translation>对已改派工单作业</translation>
    </message>
    <message>
        <source>meter cover opened</source>
        <translation>表盖被打开</translation>
    </message>
    <message>
        <source>reading below the last one</source>
        <translation>示数低于上次</translation>
    </message>
    <message>
        <source>monitoring records missing</source>
        <translation>监控记录缺失</translation>
    </message>
    <message>
        <source>monitoring record altered</source>
        <translation>监控记录被篡改</translation>
    </message>
    <message>
        <source>monitoring record not signed by the handheld</source>
        <translation>监控记录非本机签名</translation>
    </message>
    <message>
        <source>monitoring records out of order</source>
        <translation>监控记录顺序异常</translation>
    </message>
    <message>
        <source>monitoring record without its seal</source>
        <translation>监控记录缺少签封</translation>
    </message>
    <message>
        <source>other anomaly</source>
        <translation>其他异常</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>old meter</source>
        <translation>旧表</translation>
    </message>
    <message>
        <source>new meter</source>
        <translation>新表</translation>
    </message>
    <message>
        <source>inspected meter</source>
        <translation>被检表</translation>
    </message>
    <message>
        <source>meter</source>
        <translation>电能表</translation>
    </message>
    <message>
        <source>Work %1 min · order %2 min · anomalies: %3</source>
        <translation>作业 %1 分 · 工单 %2 分 · 异常：%3</translation>
    </message>
    <message>
        <source>a device operation</source>
        <translation>设备操作</translation>
    </message>
</context>
<context>
    <name>EvaluationView</name>
    <message>
        <source>Who</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Unfinished</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>First time</source>
        <translation>一次完成率</translation>
    </message>
    <message>
        <source>Rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <source>Anomalies</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>Work min</source>
        <translation>作业(分)</translation>
    </message>
    <message>
        <source>Order min</source>
        <translation>工单(分)</translation>
    </message>
    <message>
        <source>Upload delay min</source>
        <translation>上传延迟(分)</translation>
    </message>
    <message>
        <source>Travel km</source>
        <translation>行程(公里)</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Save as Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <source>Save as CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>No work in this period.</source>
        <translation>此期间没有作业。</translation>
    </message>
    <message>
        <source>Anomalies (%1)</source>
        <translation>异常（%1）</translation>
    </message>
    <message>
        <source>Work order %1</source>
        <translation>工单 %1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>作业步骤</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>读数</translation>
    </message>
    <message>
        <source>Photos and signature</source>
        <translation>照片与签名</translation>
    </message>
    <message>
        <source>GPS trail: %1 km</source>
        <translation>GPS 轨迹：%1 公里</translation>
    </message>
</context>
<context>
    <name>Findings</name>
    <message>
        <source>Meter clock off</source>
        <translation>电能表时钟偏差</translation>
    </message>
    <message>
        <source>Prices differ from the tariff</source>
        <translation>电价与电价方案不符</translation>
    </message>
    <message>
        <source>Time-of-use table differs</source>
        <translation>时段表不符</translation>
    </message>
    <message>
        <source>Meter address differs from the archive</source>
        <translation>表地址与档案不符</translation>
    </message>
    <message>
        <source>Asset number differs from the archive</source>
        <translation>资产编号与档案不符</translation>
    </message>
    <message>
        <source>Reading below the last one</source>
        <translation>示数小于上次</translation>
    </message>
    <message>
        <source>Cover opened since the last visit</source>
        <translation>上次到访后有开盖</translation>
    </message>
    <message>
        <source>Seal missing</source>
        <translation>封印缺失</translation>
    </message>
    <message>
        <source>Seal is not the one on record</source>
        <translation>封印与记录不符</translation>
    </message>
    <message>
        <source>Balance does not match the purchases</source>
        <translation>余额与购电记录不符</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>已纠正</translation>
    </message>
    <message>
        <source>Correction failed</source>
        <translation>纠正失败</translation>
    </message>
</context>
<context>
    <name>FindingsView</name>
    <message>
        <source>%1 open findings</source>
        <translation>待处理问题 %1 个</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>The team&apos;s inspections found nothing.</source>
        <translation>本班组的巡查未发现问题。</translation>
    </message>
    <message>
        <source>can be corrected on site</source>
        <translation>可现场纠正</translation>
    </message>
    <message>
        <source>Order %1 · meter %2</source>
        <translation>工单 %1 · 电能表 %2</translation>
    </message>
    <message>
        <source>Records: %1   Meter: %2</source>
        <translation>档案：%1   表计：%2</translation>
    </message>
</context>
<context>
    <name>IdentifyStep</name>
    <message>
        <source>Aim the camera at the old meter&apos;s barcode, hold the infrared probe on its window, then scan.</source>
        <translation>将摄像头对准旧表条码，红外探头贴住表计红外窗口，然后扫描。</translation>
    </message>
    <message>
        <source>The meter on this order</source>
        <translation>本工单的表计</translation>
    </message>
    <message>
        <source>Asset no.</source>
        <translation>资产编号</translation>
    </message>
    <message>
        <source>Meter address</source>
        <translation>表地址</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Read the old meter&apos;s RFID tag</source>
        <translation>读取旧表电子标签</translation>
    </message>
    <message>
        <source>Not the meter of this order</source>
        <translation>不是本工单的表计</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>扫描到</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>档案</translation>
    </message>
    <message>
        <source>Scan the old meter&apos;s barcode</source>
        <translation>扫描旧表条码</translation>
    </message>
</context>
<context>
    <name>InspectionView</name>
    <message>
        <source>Aim the camera at the meter&apos;s barcode and put the infrared probe on its window, then tap below.</source>
        <translation>将摄像头对准表计条码，红外探头贴住表计红外窗口，然后点击下方按钮。</translation>
    </message>
    <message>
        <source>Keep the probe on the meter&apos;s window while it is read (about half a minute).</source>
        <translation>读取期间请保持探头贴住红外窗口（约半分钟）。</translation>
    </message>
    <message>
        <source>Read from the meter</source>
        <translation>从电能表读取</translation>
    </message>
    <message>
        <source>Photos: %1</source>
        <translation>照片：%1 张</translation>
    </message>
    <message>
        <source>The centre asks to correct this meter</source>
        <translation>主站要求校正此电能表</translation>
    </message>
    <message>
        <source>Written and read back: the meter now holds</source>
        <translation>已写入并回读：电能表现为</translation>
    </message>
    <message>
        <source>As found, before the correction</source>
        <translation>校正前读数</translation>
    </message>
    <message>
        <source>The inspection is stored. The centre compares it with the archive and tells the team leader what it finds; a correction it asks for appears here after the next sync.</source>
        <translation>巡查已保存。主站将其与档案比对，并把发现告知班长；主站要求的校正会在下次同步后显示在这里。</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <source>Scan the meter&apos;s barcode</source>
        <translation>扫描表计条码</translation>
    </message>
    <message>
        <source>Read the meter&apos;s RFID tag</source>
        <translation>读取电能表电子标签</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Read the meter over infrared</source>
        <translation>红外读取电能表</translation>
    </message>
    <message>
        <source>Photo of the meter</source>
        <translation>拍摄表计照片</translation>
    </message>
    <message>
        <source>Scan a seal</source>
        <translation>扫描封印</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写入…</translation>
    </message>
    <message>
        <source>Write the correction to the meter</source>
        <translation>将校正写入电能表</translation>
    </message>
    <message>
        <source>Store and upload</source>
        <translation>保存并上传</translation>
    </message>
</context>
<context>
    <name>InstallStep</name>
    <message>
        <source>New meter %1 installed.</source>
        <translation>新表 %1 已装出。</translation>
    </message>
    <message>
        <source>Mount the new meter, aim the camera at its barcode, hold the probe on its window, then scan.</source>
        <translation>装上新表，摄像头对准新表条码，红外探头贴住红外窗口，然后扫描。</translation>
    </message>
    <message>
        <source>The new meter of this order</source>
        <translation>本工单配发的新表</translation>
    </message>
    <message>
        <source>Asset no.</source>
        <translation>资产编号</translation>
    </message>
    <message>
        <source>New meter</source>
        <translation>新表</translation>
    </message>
    <message>
        <source>Scan the new meter&apos;s barcode</source>
        <translation>扫描新表条码</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Replacement</source>
        <translation>换表</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>巡查</translation>
    </message>
    <message>
        <source>Prepaid</source>
        <translation>费控</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>已申请</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>已派工</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>已挂起</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>已上传</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已验收</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Reassigned</source>
        <translation>已改派</translation>
    </message>
    <message>
        <source>Meter replacement</source>
        <translation>换表</translation>
    </message>
    <message>
        <source>New installation</source>
        <translation>新装</translation>
    </message>
    <message>
        <source>Fault repair</source>
        <translation>故障处理</translation>
    </message>
    <message>
        <source>Meter inspection</source>
        <translation>计量巡查</translation>
    </message>
    <message>
        <source>Open a card</source>
        <translation>开户发卡</translation>
    </message>
    <message>
        <source>Write a card</source>
        <translation>写卡</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>购电</translation>
    </message>
    <message>
        <source>Repair a recharge</source>
        <translation>购电补写</translation>
    </message>
    <message>
        <source>Identify the old meter</source>
        <translation>识别旧表</translation>
    </message>
    <message>
        <source>Read final readings</source>
        <translation>抄读止度</translation>
    </message>
    <message>
        <source>Diagnose the faulty meter</source>
        <translation>故障表诊断</translation>
    </message>
    <message>
        <source>Customer confirms</source>
        <translation>客户确认</translation>
    </message>
    <message>
        <source>Install the new meter</source>
        <translation>安装新表</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>加封</translation>
    </message>
    <message>
        <source>Set the tariff</source>
        <translation>设置费率</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Identify the meter</source>
        <translation>识别电表</translation>
    </message>
    <message>
        <source>Read the meter</source>
        <translation>抄读电表</translation>
    </message>
    <message>
        <source>Photos and seals</source>
        <translation>拍照与封印</translation>
    </message>
    <message>
        <source>Request the task</source>
        <translation>申请任务</translation>
    </message>
    <message>
        <source>Confirm the payment</source>
        <translation>确认缴费</translation>
    </message>
    <message>
        <source>Write the card</source>
        <translation>写卡</translation>
    </message>
    <message>
        <source>Print the receipt</source>
        <translation>打印凭条</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>装表员</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>班长</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Metering centre</source>
        <translation>计量中心</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
</context>
<context>
    <name>LoadingView</name>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>MeterField</source>
        <translation>MeterField</translation>
    </message>
    <message>
        <source>Prepaid recharge</source>
        <translation>上门购电</translation>
    </message>
    <message>
        <source>Meter replacement</source>
        <translation>换表</translation>
    </message>
    <message>
        <source>Meter inspection</source>
        <translation>表计巡查</translation>
    </message>
    <message>
        <source>Device settings</source>
        <translation>设备设置</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派工</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Inspection findings</source>
        <translation>巡查发现</translation>
    </message>
    <message>
        <source>Prepaid account</source>
        <translation>购电对账</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评价考核</translation>
    </message>
    <message>
        <source>Enrolment</source>
        <translation>终端注册</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Today&apos;s orders</source>
        <translation>今日工单</translation>
    </message>
    <message>
        <source>Team work orders</source>
        <translation>班组工单</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ 返回</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
</context>
<context>
    <name>OrderDetailModel</name>
    <message>
        <source>yuan/kWh</source>
        <translation>元/千瓦时</translation>
    </message>
</context>
<context>
    <name>OrderDetailView</name>
    <message>
        <source>Order %1 · %2 · %3</source>
        <translation>工单 %1 · %2 · %3</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Customer no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>电能表</translation>
    </message>
    <message>
        <source>Asset no.</source>
        <translation>资产号</translation>
    </message>
    <message>
        <source>Meter address</source>
        <translation>表地址</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Wiring</source>
        <translation>接线</translation>
    </message>
    <message>
        <source>New meter</source>
        <translation>新表</translation>
    </message>
    <message>
        <source>Tariff and archive</source>
        <translation>电价与档案</translation>
    </message>
    <message>
        <source>Tariff</source>
        <translation>电价</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>装表日期</translation>
    </message>
    <message>
        <source>CT ratio</source>
        <translation>倍率</translation>
    </message>
    <message>
        <source>Transformer</source>
        <translation>台区</translation>
    </message>
    <message>
        <source>Result at the centre</source>
        <translation>中心已收结果</translation>
    </message>
    <message>
        <source>Old meter final reading</source>
        <translation>旧表止度</translation>
    </message>
    <message>
        <source>New meter start reading</source>
        <translation>新表起度</translation>
    </message>
    <message>
        <source>Tariff prices set</source>
        <translation>已设电价</translation>
    </message>
    <message>
        <source>Seals</source>
        <translation>封印</translation>
    </message>
    <message>
        <source>Photos + signatures</source>
        <translation>照片 + 签名</translation>
    </message>
    <message>
        <source>Time on site</source>
        <translation>现场用时</translation>
    </message>
    <message>
        <source>GPS points</source>
        <translation>轨迹点数</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Ended unfinished</source>
        <translation>未完成结束</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>作业说明</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>作业步骤</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>Done ✓</source>
        <translation>已完成 ✓</translation>
    </message>
    <message>
        <source>Work has started. The guided step screens come in a later release.</source>
        <translation>作业已开始。各步骤的作业界面将在后续版本提供。</translation>
    </message>
    <message>
        <source>Continue the guided steps</source>
        <translation>继续换表步骤</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <source>View only: assigned to another technician</source>
        <translation>仅供查看：该工单属于其他装表员</translation>
    </message>
    <message>
        <source>Choose why (a photo is taken)</source>
        <translation>请选择原因（将拍照存证）</translation>
    </message>
    <message>
        <source>Cannot complete…</source>
        <translation>无法完成…</translation>
    </message>
    <message>
        <source>Start work</source>
        <translation>开始作业</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Cannot start (%1)</source>
        <translation>无法开始（%1）</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Team leader %1: your PIN, to unlock %2</source>
        <translation>班长 %1：请输入您的密码，为 %2 解锁</translation>
    </message>
    <message>
        <source>PIN for %1</source>
        <translation>%1 的密码</translation>
    </message>
    <message>
        <source>Enter your PIN</source>
        <translation>请输入密码</translation>
    </message>
    <message>
        <source>Hint from the administrator: %1</source>
        <translation>管理员提示：%1</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Someone else</source>
        <translation>换人</translation>
    </message>
    <message>
        <source>Team leader unlocks</source>
        <translation>班长解锁</translation>
    </message>
    <message>
        <source>Scan badge</source>
        <translation>扫描工牌</translation>
    </message>
</context>
<context>
    <name>ReadStep</name>
    <message>
        <source>Final readings of meter %1. Show them to the customer.</source>
        <translation>表计 %1 的止度，请向客户出示。</translation>
    </message>
    <message>
        <source>Hold the infrared probe on the old meter, then read its final readings.</source>
        <translation>红外探头贴住旧表，然后抄读止度。</translation>
    </message>
    <message>
        <source>Read the final readings</source>
        <translation>抄读止度</translation>
    </message>
</context>
<context>
    <name>RechargeView</name>
    <message>
        <source>Insert the customer&apos;s prepaid card into the reader, then tap below.</source>
        <translation>请将客户的购电卡插入读卡器，然后点击下方按钮。</translation>
    </message>
    <message>
        <source>The customer&apos;s card</source>
        <translation>客户购电卡</translation>
    </message>
    <message>
        <source>Check and repair a purchase</source>
        <translation>购电补写核查</translation>
    </message>
    <message>
        <source>Write card parameters</source>
        <translation>写参数卡</translation>
    </message>
    <message>
        <source>Scan the meter&apos;s barcode</source>
        <translation>扫描电能表条码</translation>
    </message>
    <message>
        <source>Scan the meter again</source>
        <translation>重新扫描电能表</translation>
    </message>
    <message>
        <source>Amount the customer pays</source>
        <translation>客户购电金额</translation>
    </message>
    <message>
        <source>First purchase</source>
        <translation>首次购电金额</translation>
    </message>
    <message>
        <source>Other amount</source>
        <translation>其他金额</translation>
    </message>
    <message>
        <source>How the customer pays</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <source>Work order %1: keep the card in the reader.</source>
        <translation>工单 %1：请保持购电卡在读卡器中。</translation>
    </message>
    <message>
        <source>Write %1 confirmed purchase(s) to the card</source>
        <translation>补写卡：%1 笔已确认的购电</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <source>Read the prepaid card</source>
        <translation>读取购电卡</translation>
    </message>
    <message>
        <source>Asking the centre…</source>
        <translation>正在联系主站…</translation>
    </message>
    <message>
        <source>Ask the centre to open the card</source>
        <translation>向主站申请开户发卡</translation>
    </message>
    <message>
        <source>Ask the centre for the purchase</source>
        <translation>向主站申请购电</translation>
    </message>
    <message>
        <source>Print the receipt</source>
        <translation>打印购电凭证</translation>
    </message>
    <message>
        <source>Next customer</source>
        <translation>下一位客户</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写入…</translation>
    </message>
    <message>
        <source>Write the card</source>
        <translation>写入购电卡</translation>
    </message>
</context>
<context>
    <name>Reconciliation</name>
    <message>
        <source>amount %1 yuan, issued %2 yuan</source>
        <translation>金额 %1 元，下发 %2 元</translation>
    </message>
    <message>
        <source>card purchase %1, issued as purchase %2</source>
        <translation>卡上第 %1 次购电，下发为第 %2 次</translation>
    </message>
    <message>
        <source>card %1, issued for card %2</source>
        <translation>卡号 %1，下发给卡 %2</translation>
    </message>
    <message>
        <source>does not match</source>
        <translation>不符</translation>
    </message>
    <message>
        <source>Cards opened %1 · parameters written %2 · repairs checked %3</source>
        <translation>开户发卡 %1 · 写参数卡 %2 · 补写核查 %3</translation>
    </message>
    <message>
        <source>already on the card</source>
        <translation>已到账</translation>
    </message>
    <message>
        <source>written again (purchase %1)</source>
        <translation>已补写（购电单 %1）</translation>
    </message>
    <message>
        <source>refused: the card is ahead of the ledger</source>
        <translation>拒绝：卡上购电次数多于台账</translation>
    </message>
    <message>
        <source>refused: the card lacks a purchase</source>
        <translation>拒绝：卡上缺少购电</translation>
    </message>
    <message>
        <source>refused: the purchase was cancelled</source>
        <translation>拒绝：该笔购电已撤销</translation>
    </message>
    <message>
        <source>no purchase issued for the card</source>
        <translation>此卡无购电记录</translation>
    </message>
</context>
<context>
    <name>ReconciliationView</name>
    <message>
        <source>%1 · cash %2 yuan · QR %3 yuan · issued %4 yuan · on cards %5 yuan</source>
        <translation>%1 · 现金 %2 元 · 扫码 %3 元 · 已发令牌 %4 元 · 已写卡 %5 元</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>No prepaid purchase today.</source>
        <translation>今天没有购电业务。</translation>
    </message>
    <message>
        <source>Cash %1 yuan · QR %2 yuan · %3 tokens (%4 yuan) · %5 on cards (%6 yuan)</source>
        <translation>现金 %1 元 · 扫码 %2 元 · 令牌 %3 笔（%4 元）· 已写卡 %5 笔（%6 元）</translation>
    </message>
    <message>
        <source>Repair: %1</source>
        <translation>补写核查：%1</translation>
    </message>
    <message>
        <source>Not on a card yet: %1 yuan</source>
        <translation>尚未写卡：%1 元</translation>
    </message>
    <message>
        <source>Does not match what was issued: %1</source>
        <translation>与主站下发不符：%1</translation>
    </message>
</context>
<context>
    <name>Replacement</name>
    <message>
        <source>Meter identified: the barcode and the infrared address match the archive.</source>
        <translation>表计已确认：条码和红外地址与档案一致。</translation>
    </message>
    <message>
        <source>Meter identified: its RFID tag and the infrared address match the archive.</source>
        <translation>电能表已识别：电子标签与红外地址均与档案一致。</translation>
    </message>
    <message>
        <source>The meter&apos;s data is read and stored.</source>
        <translation>电能表数据已读取并保存。</translation>
    </message>
    <message>
        <source>Photo taken.</source>
        <translation>已拍照。</translation>
    </message>
    <message>
        <source>Seal %1 noted.</source>
        <translation>已记录封印 %1。</translation>
    </message>
    <message>
        <source>First tap where the seal is, then scan it.</source>
        <translation>请先点选封印位置，再扫描。</translation>
    </message>
    <message>
        <source>Photos and seals stored.</source>
        <translation>照片和封印已保存。</translation>
    </message>
    <message>
        <source>Inspection stored: it goes to the centre at the next sync, which compares it with the archive.</source>
        <translation>巡查已保存：下次同步时上报主站，由主站与档案比对。</translation>
    </message>
    <message>
        <source>Correction written and read back: the meter now matches the archive.</source>
        <translation>校正已写入并回读核对：电能表与档案一致。</translation>
    </message>
    <message>
        <source>Prices to write</source>
        <translation>待写入电价</translation>
    </message>
    <message>
        <source>Set to the current time</source>
        <translation>校准为当前时间</translation>
    </message>
    <message>
        <source>Time-of-use periods to write</source>
        <translation>待写入时段表</translation>
    </message>
    <message>
        <source>Prices read back</source>
        <translation>回读电价</translation>
    </message>
    <message>
        <source>Time-of-use periods read back</source>
        <translation>回读时段表</translation>
    </message>
    <message>
        <source>Meter clock read back</source>
        <translation>回读时钟</translation>
    </message>
    <message>
        <source>sharp</source>
        <translation>尖</translation>
    </message>
    <message>
        <source>peak</source>
        <translation>峰</translation>
    </message>
    <message>
        <source>flat</source>
        <translation>平</translation>
    </message>
    <message>
        <source>valley</source>
        <translation>谷</translation>
    </message>
    <message>
        <source>Forward active energy</source>
        <translation>正向有功电量</translation>
    </message>
    <message>
        <source>Meter clock</source>
        <translation>电能表时钟</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>电价</translation>
    </message>
    <message>
        <source>Cover opened</source>
        <translation>开盖次数</translation>
    </message>
    <message>
        <source>times</source>
        <translation>次</translation>
    </message>
    <message>
        <source>Time-of-use periods</source>
        <translation>时段表</translation>
    </message>
    <message>
        <source>Remaining credit</source>
        <translation>剩余金额</translation>
    </message>
    <message>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>yuan/kWh</source>
        <translation>元/kWh</translation>
    </message>
    <message>
        <source>Sharp</source>
        <translation>尖</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>峰</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>平</translation>
    </message>
    <message>
        <source>Valley</source>
        <translation>谷</translation>
    </message>
    <message>
        <source>Old meter identified: the barcode and the infrared address match the archive.</source>
        <translation>旧表已识别：条码和红外地址与档案一致。</translation>
    </message>
    <message>
        <source>Faulty meter identified by its label: it does not answer over infrared.</source>
        <translation>已按表计条码核对故障表：红外无应答。</translation>
    </message>
    <message>
        <source>Final readings stored. Show them to the customer.</source>
        <translation>止度已保存，请向客户出示。</translation>
    </message>
    <message>
        <source>Recorded: the faulty meter does not answer. The centre settles its final reading.</source>
        <translation>已记录：故障表无应答，止度由主站核定。</translation>
    </message>
    <message>
        <source>The signature pad is empty: ask the customer to sign, then confirm.</source>
        <translation>签名板是空的：请客户签名后再确认。</translation>
    </message>
    <message>
        <source>Signature and photo of the old meter kept.</source>
        <translation>客户签名和旧表照片已保存。</translation>
    </message>
    <message>
        <source>Signature and photo of the new meter kept.</source>
        <translation>已保存客户签字和新表照片。</translation>
    </message>
    <message>
        <source>New meter installed: its address and first readings are stored.</source>
        <translation>新表已装出：表地址和起度已保存。</translation>
    </message>
    <message>
        <source>Choose where the seal goes first, then scan it.</source>
        <translation>请先选择加封位置，再扫描封印。</translation>
    </message>
    <message>
        <source>Seal %1 recorded.</source>
        <translation>封印 %1 已记录。</translation>
    </message>
    <message>
        <source>Sealing done.</source>
        <translation>加封完成。</translation>
    </message>
    <message>
        <source>Tariff written and read back: the meter holds these prices.</source>
        <translation>费率已写入并回读：表内电价如下。</translation>
    </message>
    <message>
        <source>Completed. The result uploads at the next sync.</source>
        <translation>已完成。结果将在下次同步时上传。</translation>
    </message>
    <message>
        <source>Receipt printed. Hand it to the customer.</source>
        <translation>回执已打印，请交给客户。</translation>
    </message>
    <message>
        <source>Terminal cover</source>
        <translation>表尾盖</translation>
    </message>
    <message>
        <source>Meter cover</source>
        <translation>表盖</translation>
    </message>
    <message>
        <source>Meter box door</source>
        <translation>计量箱门</translation>
    </message>
    <message>
        <source>Junction box</source>
        <translation>联合接线盒</translation>
    </message>
    <message>
        <source>Forward active energy, total</source>
        <translation>正向有功总电量</translation>
    </message>
    <message>
        <source>Reverse active energy, total</source>
        <translation>反向有功总电量</translation>
    </message>
    <message>
        <source>Meter date and time</source>
        <translation>表计日期时间</translation>
    </message>
    <message>
        <source>relay closed</source>
        <translation>继电器合闸</translation>
    </message>
    <message>
        <source>relay open</source>
        <translation>继电器拉闸</translation>
    </message>
    <message>
        <source>Status word 3</source>
        <translation>状态字3</translation>
    </message>
    <message>
        <source>Remaining money</source>
        <translation>剩余金额</translation>
    </message>
    <message>
        <source>from your stock</source>
        <translation>来自个人库存</translation>
    </message>
    <message>
        <source>assigned by the order</source>
        <translation>工单配发</translation>
    </message>
    <message>
        <source>Asset no.</source>
        <translation>资产编号</translation>
    </message>
    <message>
        <source>Meter address (infrared)</source>
        <translation>表地址（红外读取）</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Initial reading, total</source>
        <translation>起度（总）</translation>
    </message>
    <message>
        <source>Old meter</source>
        <translation>旧表</translation>
    </message>
    <message>
        <source>Old meter final reading</source>
        <translation>旧表止度</translation>
    </message>
    <message>
        <source>Not readable: settled by the centre</source>
        <translation>无法抄读，由主站核定</translation>
    </message>
    <message>
        <source>New meter</source>
        <translation>新表</translation>
    </message>
    <message>
        <source>New meter initial reading</source>
        <translation>新表起度</translation>
    </message>
    <message>
        <source>Seals</source>
        <translation>封印</translation>
    </message>
    <message>
        <source>Photos and signature</source>
        <translation>照片和签名</translation>
    </message>
    <message>
        <source>%1 photo(s), %2 signature(s)</source>
        <translation>照片 %1 张，签名 %2 份</translation>
    </message>
    <message>
        <source>The handheld&apos;s storage is full: nothing was saved. Sync, then delete old photos, and try again</source>
        <translation>手持机存储空间已满：未保存任何内容。请先同步，再删除旧照片，然后重试</translation>
    </message>
    <message>
        <source>Wrong meter</source>
        <translation>表计不符</translation>
    </message>
    <message>
        <source>No connection to the centre: nothing was credited. Retry when the signal is back</source>
        <translation>无法连接主站：未写入任何金额。请在有信号时重试</translation>
    </message>
    <message>
        <source>This card has an earlier purchase it does not hold yet: finish that one first</source>
        <translation>此卡有一笔尚未写入的购电：请先完成该笔（补写卡）</translation>
    </message>
    <message>
        <source>No RFID tag was read: hold the handheld against the meter&apos;s tag and retry</source>
        <translation>没有读到电子标签：请将手持机贴近电能表的标签后重试</translation>
    </message>
    <message>
        <source>This card is blank: it must be opened for the customer first</source>
        <translation>这是一张空白卡：请先为客户开户发卡</translation>
    </message>
    <message>
        <source>This card is already open for a customer: recharge it instead</source>
        <translation>此卡已为用户开户：请直接购电</translation>
    </message>
    <message>
        <source>No card security module is set up on this handheld: ask the administrator</source>
        <translation>本机未配置购电卡安全模块：请联系管理员</translation>
    </message>
    <message>
        <source>This is not a meter&apos;s asset number: scan the barcode on the meter</source>
        <translation>这不是电能表资产编号：请扫描电能表上的条码</translation>
    </message>
    <message>
        <source>The card&apos;s purchases do not follow this one: nothing was written; call the metering centre</source>
        <translation>卡上的购电次数与本笔不衔接：未写卡；请联系计量中心</translation>
    </message>
    <message>
        <source>The card did not show the credit after writing: keep it in the reader and tap write again</source>
        <translation>写卡后卡内未见此笔购电：请保持卡在读卡器中并再次点击写卡</translation>
    </message>
    <message>
        <source>The centre&apos;s archive has no such customer: nothing was bought</source>
        <translation>主站档案中没有该客户：未购电</translation>
    </message>
    <message>
        <source>This customer belongs to another company: nothing was bought</source>
        <translation>该客户不属于本单位：未购电</translation>
    </message>
    <message>
        <source>The centre holds no card keys yet: ask the administrator; nothing was bought</source>
        <translation>主站尚无购电卡密钥：请联系管理员；未购电</translation>
    </message>
    <message>
        <source>The centre&apos;s credit does not match the purchase: nothing was credited; call the metering centre</source>
        <translation>主站下发的购电与申请不符：未写卡；请联系计量中心</translation>
    </message>
    <message>
        <source>The centre already issued this card&apos;s next purchase: finish that one first; nothing was bought</source>
        <translation>主站已为此卡办理下一次购电：请先完成该笔（补写卡）；未购电</translation>
    </message>
    <message>
        <source>This meter is not a prepaid meter: it takes no card; nothing was bought</source>
        <translation>此电能表不是预付费表，不用购电卡；未购电</translation>
    </message>
    <message>
        <source>The centre already answered this request for another card: start again with this card</source>
        <translation>主站已为另一张卡应答过此申请：请用这张卡重新开始</translation>
    </message>
    <message>
        <source>The centre&apos;s answer had no card parameters: nothing was written; the purchase is kept, tap again</source>
        <translation>主站的应答缺少卡参数：未写卡；购电已保留，请再点一次</translation>
    </message>
    <message>
        <source>The centre refused this: nothing was written to the card</source>
        <translation>主站拒绝了此操作：未写卡</translation>
    </message>
    <message>
        <source>Not this customer&apos;s card: nothing was written</source>
        <translation>不是该客户的购电卡：未写入任何内容</translation>
    </message>
    <message>
        <source>No card in the reader: insert the customer&apos;s card</source>
        <translation>读卡器中没有卡：请插入客户的购电卡</translation>
    </message>
    <message>
        <source>Card problem: keep the card in the reader and retry</source>
        <translation>购电卡读写出错：请保持卡在读卡器中并重试</translation>
    </message>
    <message>
        <source>This seal was already used</source>
        <translation>该封印已被使用</translation>
    </message>
    <message>
        <source>The tariff was not written correctly</source>
        <translation>费率写入不正确</translation>
    </message>
    <message>
        <source>No authorisation for this meter</source>
        <translation>没有该表计的授权</translation>
    </message>
    <message>
        <source>The authorisation has expired: sync, then retry</source>
        <translation>授权已过期：请同步后重试</translation>
    </message>
    <message>
        <source>The authorisation was refused</source>
        <translation>授权被拒绝</translation>
    </message>
    <message>
        <source>Not possible at this step</source>
        <translation>当前步骤不能进行此操作</translation>
    </message>
    <message>
        <source>This label cannot be used</source>
        <translation>该标签不能使用</translation>
    </message>
    <message>
        <source>No barcode could be read: aim at the label and retry</source>
        <translation>未能识别条码：请对准标签后重试</translation>
    </message>
    <message>
        <source>Printer problem: the work is saved, retry printing</source>
        <translation>打印机故障：工作已保存，请重新打印</translation>
    </message>
    <message>
        <source>The meter does not answer: hold the probe on its window and retry</source>
        <translation>表计无应答：请将探头贴住红外窗口后重试</translation>
    </message>
    <message>
        <source>The meter refused the operation</source>
        <translation>表计拒绝了该操作</translation>
    </message>
    <message>
        <source>Infrared link problem: retry</source>
        <translation>红外通信故障：请重试</translation>
    </message>
    <message>
        <source>Device problem</source>
        <translation>设备故障</translation>
    </message>
    <message>
        <source>Read card</source>
        <translation>读卡</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Write card</source>
        <translation>写卡</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Card read. Tap the amount the customer pays.</source>
        <translation>已读卡。请点击客户购电金额。</translation>
    </message>
    <message>
        <source>The centre confirmed the purchase. Keep the card in the reader and write it.</source>
        <translation>主站已确认此次购电。请保持购电卡在读卡器中并写卡。</translation>
    </message>
    <message>
        <source>Credited: the card now holds %1 yuan (purchase %2).</source>
        <translation>写卡成功：卡内余额 %1 元（第 %2 次购电）。</translation>
    </message>
    <message>
        <source>The card already held this purchase: nothing was credited twice.</source>
        <translation>该卡已有此笔购电：未重复写入。</translation>
    </message>
    <message>
        <source>%1 confirmed purchase(s) written to the card.</source>
        <translation>已补写 %1 笔已确认的购电。</translation>
    </message>
    <message>
        <source>No confirmed purchase is waiting for this card.</source>
        <translation>没有等待写入此卡的已确认购电。</translation>
    </message>
    <message>
        <source>Payment reference %1 scanned.</source>
        <translation>已扫描付款单号 %1。</translation>
    </message>
    <message>
        <source>Receipt printed: give it to the customer.</source>
        <translation>凭证已打印：请交给客户。</translation>
    </message>
    <message>
        <source>Tap an amount first.</source>
        <translation>请先点击购电金额。</translation>
    </message>
    <message>
        <source>Scan the customer&apos;s payment code first.</source>
        <translation>请先扫描客户的付款码。</translation>
    </message>
    <message>
        <source>Blank card: scan the barcode on the customer&apos;s meter to open the card for them.</source>
        <translation>空白卡：扫描该户电能表上的条码，为用户开户发卡。</translation>
    </message>
    <message>
        <source>Scan the meter&apos;s barcode first.</source>
        <translation>请先扫描电能表条码。</translation>
    </message>
    <message>
        <source>Meter %1 scanned. Tap the first purchase and how the customer pays.</source>
        <translation>已扫描电能表 %1。请点选首次购电金额和付款方式。</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>QR payment</source>
        <translation>扫码支付</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Blank, to be opened</source>
        <translation>空白卡，待开户</translation>
    </message>
    <message>
        <source>Customer no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>电能表</translation>
    </message>
    <message>
        <source>Balance on the card</source>
        <translation>卡内余额</translation>
    </message>
    <message>
        <source>Purchases so far</source>
        <translation>已购电次数</translation>
    </message>
    <message>
        <source>The card operation did not finish: nothing was lost. Keep the card in the reader and try again</source>
        <translation>卡操作未完成：没有丢失任何数据。请将卡留在读卡器中再试一次</translation>
    </message>
    <message>
        <source>Credited: the card holds all %1 purchases the centre issued. Nothing is written again.</source>
        <translation>已到账：卡上已有主站下发的全部 %1 次购电，不再重复写卡。</translation>
    </message>
    <message>
        <source>Not credited: purchase %1 was missing from the card. %2 yuan written now; the card holds %3 yuan.</source>
        <translation>未到账：卡上缺少第 %1 次购电。现已补写 %2 元，卡内余额 %3 元。</translation>
    </message>
    <message>
        <source>This handheld&apos;s unfinished purchase was written: the card holds %3 yuan.</source>
        <translation>本机未完成的购电已写入：卡内余额 %3 元。</translation>
    </message>
    <message>
        <source>Refused: the card shows %1 purchases, but the centre cannot issue the next one again. Nothing was written; the centre has recorded it. Call the metering centre.</source>
        <translation>拒绝补写：卡上显示 %1 次购电，但主站无法重新下发下一次购电。未写入任何内容，主站已记录。请联系计量中心。</translation>
    </message>
    <message>
        <source>Refused: the missing purchase was cancelled at the centre (its payment returned). Nothing was written.</source>
        <translation>拒绝补写：缺少的这笔购电已在主站撤销（款项已退回）。未写入任何内容。</translation>
    </message>
    <message>
        <source>Refused: the card shows %1 purchases, the centre issued only %2. Nothing was written; the centre has recorded it. Call the metering centre.</source>
        <translation>拒绝补写：卡上显示 %1 次购电，主站只下发了 %2 次。未写入任何内容，主站已记录。请联系计量中心。</translation>
    </message>
    <message>
        <source>The centre issued no purchase for this card: there is nothing to write.</source>
        <translation>主站没有为此卡下发过购电：无需补写。</translation>
    </message>
    <message>
        <source>The meter has taken purchases up to %1: insert the card into the meter to transfer the rest.</source>
        <translation>电能表只转入到第 %1 次购电：请将卡插入电能表，转入其余购电。</translation>
    </message>
    <message>
        <source>Card parameters written and checked: the card carries the centre&apos;s tariff now.</source>
        <translation>卡参数已写入并核对：卡上现为主站下发的电价。</translation>
    </message>
</context>
<context>
    <name>ReplacementView</name>
    <message>
        <source>All %1 steps done · %2</source>
        <translation>全部 %1 步已完成 · %2</translation>
    </message>
    <message>
        <source>Step %1 of %2 · %3</source>
        <translation>第 %1 步 / 共 %2 步 · %3</translation>
    </message>
</context>
<context>
    <name>SealStep</name>
    <message>
        <source>1. Choose where the seal goes. 2. Scan the seal. Seal at least the terminal cover and the meter cover.</source>
        <translation>1. 选择加封位置；2. 扫描封印。至少加封表尾盖和表盖。</translation>
    </message>
    <message>
        <source>New meter</source>
        <translation>新表</translation>
    </message>
    <message>
        <source>Asset no.</source>
        <translation>资产编号</translation>
    </message>
    <message>
        <source>Meter address</source>
        <translation>表地址</translation>
    </message>
    <message>
        <source>Initial reading</source>
        <translation>起度</translation>
    </message>
    <message>
        <source>Seals so far: %1</source>
        <translation>已加封 %1 个</translation>
    </message>
    <message>
        <source>Scan the seal</source>
        <translation>扫描封印</translation>
    </message>
    <message>
        <source>Sealing done</source>
        <translation>完成加封</translation>
    </message>
</context>
<context>
    <name>SessionModel</name>
    <message>
        <source>Opening the terminal&apos;s data…</source>
        <translation>正在打开终端数据…</translation>
    </message>
    <message>
        <source>Enrolled. Fetching the team…</source>
        <translation>注册成功，正在下载班组人员…</translation>
    </message>
    <message>
        <source>Loading today&apos;s work orders…</source>
        <translation>正在加载今日工单…</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>出错了：%1</translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <source>Who is working on this terminal?</source>
        <translation>请选择本终端的作业人员</translation>
    </message>
    <message>
        <source>This handheld knows no one of its team yet: it fills in at the next sync. Check the mobile signal.</source>
        <translation>本机还没有班组人员信息，下次同步后会显示。请检查移动网络信号。</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <source>Search by name, number or team</source>
        <translation>按姓名、工号或班组搜索</translation>
    </message>
</context>
<context>
    <name>StockView</name>
    <message>
        <source>%1 meters · %2 seals</source>
        <translation>表计 %1 只 · 封印 %2 个</translation>
    </message>
    <message>
        <source>Issue to %1:</source>
        <translation>领用给 %1：</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>表计</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>封印</translation>
    </message>
    <message>
        <source>Scan the asset number</source>
        <translation>扫描资产编号</translation>
    </message>
    <message>
        <source>Scan the seal number</source>
        <translation>扫描封印编号</translation>
    </message>
    <message>
        <source>Meter address (12 digits)</source>
        <translation>表地址（12位）</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>领用</translation>
    </message>
    <message>
        <source>Holds nothing.</source>
        <translation>没有库存。</translation>
    </message>
    <message>
        <source>Take back</source>
        <translation>退库</translation>
    </message>
</context>
<context>
    <name>SupervisorView</name>
    <message>
        <source>Search: asset no., customer, address</source>
        <translation>搜索：资产号、客户、地址</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>%1 work orders</source>
        <translation>共 %1 张工单</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派工</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>巡查发现</translation>
    </message>
    <message>
        <source>Prepaid account</source>
        <translation>购电对账</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评价考核</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Asset no.</source>
        <translation>资产号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>装表员</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
</context>
<context>
    <name>SyncStatusModel</name>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>%1 to send</source>
        <translation>待传 %1</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>Synced %1</source>
        <translation>已同步 %1</translation>
    </message>
</context>
<context>
    <name>TariffStep</name>
    <message>
        <source>Hold the probe on the new meter, then write the tariff. It is read back and compared.</source>
        <translation>红外探头贴住新表，然后设置费率。写入后会回读核对。</translation>
    </message>
    <message>
        <source>Prices in the meter (read back)</source>
        <translation>表内电价（回读）</translation>
    </message>
    <message>
        <source>Set the tariff</source>
        <translation>设置费率</translation>
    </message>
</context>
<context>
    <name>TaskListModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>TaskListView</name>
    <message>
        <source>Prepaid recharge at the door</source>
        <translation>上门购电</translation>
    </message>
    <message>
        <source>Search: asset no., customer, address</source>
        <translation>搜索：资产号、客户、地址</translation>
    </message>
    <message>
        <source>%1 work orders · updating…</source>
        <translation>共 %1 张工单 · 正在更新…</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>%1 work orders</source>
        <translation>共 %1 张工单</translation>
    </message>
    <message>
        <source>No work order matches.</source>
        <translation>没有符合条件的工单。</translation>
    </message>
</context>
<context>
    <name>TaskRow</name>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Asset no. %1</source>
        <translation>资产号 %1</translation>
    </message>
</context>
<context>
    <name>TerminalMessages</name>
    <message>
        <source>This is not a MeterField enrolment code. Scan the QR code the administrator printed for this handheld.</source>
        <translation>这不是本系统的注册码。请扫描管理员为本终端打印的二维码。</translation>
    </message>
    <message>
        <source>The centre does not know this enrolment code. Ask the administrator for a new one.</source>
        <translation>主站不认识这个注册码，请向管理员申请新的注册码。</translation>
    </message>
    <message>
        <source>This enrolment code has already been used. Each code works once: ask the administrator for a new one.</source>
        <translation>这个注册码已经用过。每个注册码只能用一次，请向管理员申请新的。</translation>
    </message>
    <message>
        <source>This enrolment code has expired. Ask the administrator for a new one.</source>
        <translation>这个注册码已过期，请向管理员申请新的。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not the one in the code: this may not be your centre. Nothing was sent. Tell the administrator.</source>
        <translation>服务器证书与二维码中的不一致，可能不是本单位主站。未发送任何数据，请告知管理员。</translation>
    </message>
    <message>
        <source>The centre cannot be reached. Check the mobile signal and scan again.</source>
        <translation>无法连接主站。请检查移动网络信号后再扫描。</translation>
    </message>
    <message>
        <source>The centre is not answering right now. Scan again in a moment.</source>
        <translation>主站暂时没有应答，请稍后再扫描。</translation>
    </message>
    <message>
        <source>This enrolment code is from a newer version of the centre. Update the app first.</source>
        <translation>这个注册码来自更新版本的主站，请先升级应用。</translation>
    </message>
    <message>
        <source>The server address in this code is not secure (https). Tell the administrator.</source>
        <translation>二维码中的服务器地址不安全（不是 https），请告知管理员。</translation>
    </message>
    <message>
        <source>This handheld has been locked by the centre. Give it to the administrator.</source>
        <translation>本终端已被主站停用，请交给管理员。</translation>
    </message>
    <message>
        <source>This handheld&apos;s key store is missing or wrong: ask the administrator to enrol it again.</source>
        <translation>本终端的密钥库缺失或不符：请让管理员重新注册本终端。</translation>
    </message>
    <message>
        <source>No QR code was seen. Hold the camera over the code and scan again.</source>
        <translation>没有识别到二维码。请将摄像头对准二维码后再扫描。</translation>
    </message>
    <message>
        <source>This handheld has no working camera or scanner. Set one up in the device settings.</source>
        <translation>本终端没有可用的摄像头或扫码器，请在设备设置中设置。</translation>
    </message>
    <message>
        <source>Enrolment did not work. Scan again, or ask the administrator.</source>
        <translation>注册未成功。请重新扫描，或联系管理员。</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left before this user is locked.</source>
        <translation>密码错误，还可以再试 %1 次，之后该用户将被锁定。</translation>
    </message>
    <message>
        <source>Too many wrong PINs: this user is locked. A team leader can unlock it.</source>
        <translation>密码错误次数过多，该用户已被锁定，请班长解锁。</translation>
    </message>
    <message>
        <source>This handheld does not know this person. Sync, then try again.</source>
        <translation>本机没有此人的信息，请同步后再试。</translation>
    </message>
    <message>
        <source>This handheld is not enrolled yet. Scan the administrator&apos;s enrolment QR code.</source>
        <translation>本终端尚未注册，请扫描管理员提供的注册二维码。</translation>
    </message>
    <message>
        <source>This person is not in this handheld&apos;s team and cannot sign in on it.</source>
        <translation>此人不属于本机所在班组，不能在本机登录。</translation>
    </message>
    <message>
        <source>No PIN has been set for this person yet. Ask the administrator.</source>
        <translation>此人还没有设置密码，请联系管理员。</translation>
    </message>
    <message>
        <source>No badge was read. Hold the badge&apos;s barcode in front of the scanner and try again.</source>
        <translation>没有读到工牌。请将工牌条码对准扫码器后重试。</translation>
    </message>
    <message>
        <source>This badge does not belong to anyone in this handheld&apos;s team.</source>
        <translation>这张工牌不属于本机班组的任何人。</translation>
    </message>
    <message>
        <source>Only a team leader of this team can unlock a user.</source>
        <translation>只有本班组的班长才能解锁用户。</translation>
    </message>
    <message>
        <source>Sign-in did not work. Try again.</source>
        <translation>登录未成功，请重试。</translation>
    </message>
    <message>
        <source>Infrared probe</source>
        <translation>红外探头</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>扫码器</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <source>GPS</source>
        <translation>GPS 定位</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Not set up</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Connected, no meter in front</source>
        <translation>已连接，未对准电表</translation>
    </message>
    <message>
        <source>Connected, no position yet</source>
        <translation>已连接，尚未定位</translation>
    </message>
    <message>
        <source>Needs paper or the cover closed</source>
        <translation>请装纸或关好盖</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>No connection to the centre: will retry</source>
        <translation>无法连接中心：将自动重试</translation>
    </message>
    <message>
        <source>The centre is busy: will retry</source>
        <translation>中心繁忙：将自动重试</translation>
    </message>
    <message>
        <source>The centre&apos;s answer could not be read: update the app</source>
        <translation>无法读取中心的应答：请升级应用</translation>
    </message>
    <message>
        <source>The handheld&apos;s database failed: will retry. Tell the administrator if this stays.</source>
        <translation>手持机数据库出错：将自动重试。如持续出现，请告知管理员。</translation>
    </message>
    <message>
        <source>The handheld&apos;s storage is full: sync stops until space is freed</source>
        <translation>手持机存储空间已满：释放空间前同步暂停</translation>
    </message>
    <message>
        <source>%1 records damaged: reported to the centre</source>
        <translation>%1 条损坏记录已上报</translation>
    </message>
    <message>
        <source>%1 records damaged: they will be reported to the centre</source>
        <translation>%1 条损坏记录待上报</translation>
    </message>
    <message>
        <source>Customer not at home</source>
        <translation>客户不在家</translation>
    </message>
    <message>
        <source>Meter cannot be reached</source>
        <translation>表计无法接近</translation>
    </message>
    <message>
        <source>Meter broken or not answering</source>
        <translation>表计损坏或无应答</translation>
    </message>
    <message>
        <source>Customer refuses the work</source>
        <translation>客户拒绝施工</translation>
    </message>
    <message>
        <source>The photo could not be taken. Check the camera and tap the reason again: nothing was saved.</source>
        <translation>无法拍照。请检查相机后再点一次原因：什么都没有保存。</translation>
    </message>
    <message>
        <source>The order could not be ended. Sync and try again: nothing was saved.</source>
        <translation>无法结束该工单。请同步后重试：什么都没有保存。</translation>
    </message>
    <message>
        <source>The handheld&apos;s devices are still being prepared. Try again in a moment.</source>
        <translation>掌机设备正在准备中，请稍后再试。</translation>
    </message>
    <message>
        <source>Order ended unfinished (%1). The centre gets it with the photo at the next sync.</source>
        <translation>工单已按未完成结束（%1），下次同步时连同照片上报主站。</translation>
    </message>
</context>
<context>
    <name>UserBar</name>
    <message>
        <source>Sign out</source>
        <translation>退出</translation>
    </message>
</context>
</TS>
