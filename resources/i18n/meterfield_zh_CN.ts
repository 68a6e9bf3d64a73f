<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
        <source>Compare with the archive</source>
        <translation>与档案比对</translation>
    </message>
    <message>
        <source>Write corrections</source>
        <translation>写入更正</translation>
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
        <source>Work order</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Today's orders</source>
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
        <source>Please wait…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <source>View only: assigned to another technician</source>
        <translation>仅供查看：该工单属于其他装表员</translation>
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
    <name>SessionModel</name>
    <message>
        <source>Opening the terminal's data…</source>
        <translation>正在打开终端数据…</translation>
    </message>
    <message>
        <source>Loading today's work orders…</source>
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
        <source>Demo: choose a person, no password needed. A real terminal signs in with the identity it was enrolled with.</source>
        <translation>演示模式：选择人员即可，无需密码。正式终端以注册时绑定的身份登录。</translation>
    </message>
    <message>
        <source>This terminal knows no one yet. Enrol it with the central system and sync, or start the demo: python main.py --demo</source>
        <translation>本终端还没有任何人员信息。请先向主站注册并同步，或启动演示：python main.py --demo</translation>
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
    <name>TaskListModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>TaskListView</name>
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
    <name>UserBar</name>
    <message>
        <source>Sign out</source>
        <translation>退出</translation>
    </message>
</context>
</TS>