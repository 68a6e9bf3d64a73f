<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Labels</name>
    <message>
        <source>Replacement</source>
        <translation>Replacement</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <source>Prepaid</source>
        <translation>Prepaid</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Requested</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>Downloaded</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Uploaded</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Reassigned</source>
        <translation>Reassigned</translation>
    </message>
    <message>
        <source>Meter replacement</source>
        <translation>Meter replacement</translation>
    </message>
    <message>
        <source>New installation</source>
        <translation>New installation</translation>
    </message>
    <message>
        <source>Fault repair</source>
        <translation>Fault repair</translation>
    </message>
    <message>
        <source>Meter inspection</source>
        <translation>Meter inspection</translation>
    </message>
    <message>
        <source>Open a card</source>
        <translation>Open a card</translation>
    </message>
    <message>
        <source>Write a card</source>
        <translation>Write a card</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>Recharge</translation>
    </message>
    <message>
        <source>Repair a recharge</source>
        <translation>Repair a recharge</translation>
    </message>
    <message>
        <source>Identify the old meter</source>
        <translation>Identify the old meter</translation>
    </message>
    <message>
        <source>Read final readings</source>
        <translation>Read final readings</translation>
    </message>
    <message>
        <source>Customer confirms</source>
        <translation>Customer confirms</translation>
    </message>
    <message>
        <source>Install the new meter</source>
        <translation>Install the new meter</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>Seal</translation>
    </message>
    <message>
        <source>Set the tariff</source>
        <translation>Set the tariff</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>Upload</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Identify the meter</source>
        <translation>Identify the meter</translation>
    </message>
    <message>
        <source>Read the meter</source>
        <translation>Read the meter</translation>
    </message>
    <message>
        <source>Compare with the archive</source>
        <translation>Compare with the archive</translation>
    </message>
    <message>
        <source>Write corrections</source>
        <translation>Write corrections</translation>
    </message>
    <message>
        <source>Request the task</source>
        <translation>Request the task</translation>
    </message>
    <message>
        <source>Confirm the payment</source>
        <translation>Confirm the payment</translation>
    </message>
    <message>
        <source>Write the card</source>
        <translation>Write the card</translation>
    </message>
    <message>
        <source>Print the receipt</source>
        <translation>Print the receipt</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Low</translation>
    </message>
</context>
<context>
    <name>LoadingView</name>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
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
        <translation>Work order</translation>
    </message>
    <message>
        <source>Today's orders</source>
        <translation>Today's orders</translation>
    </message>
    <message>
        <source>Team work orders</source>
        <translation>Team work orders</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ Back</translation>
    </message>
</context>
<context>
    <name>OrderDetailModel</name>
    <message>
        <source>yuan/kWh</source>
        <translation>yuan/kWh</translation>
    </message>
</context>
<context>
    <name>OrderDetailView</name>
    <message>
        <source>Order %1 · %2 · %3</source>
        <translation>Order %1 · %2 · %3</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Customer no.</source>
        <translation>Customer no.</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Meter</translation>
    </message>
    <message>
        <source>Asset no.</source>
        <translation>Asset no.</translation>
    </message>
    <message>
        <source>Meter address</source>
        <translation>Meter address</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Wiring</source>
        <translation>Wiring</translation>
    </message>
    <message>
        <source>New meter</source>
        <translation>New meter</translation>
    </message>
    <message>
        <source>Tariff and archive</source>
        <translation>Tariff and archive</translation>
    </message>
    <message>
        <source>Tariff</source>
        <translation>Tariff</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Installed</translation>
    </message>
    <message>
        <source>CT ratio</source>
        <translation>CT ratio</translation>
    </message>
    <message>
        <source>Transformer</source>
        <translation>Transformer</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>Instructions</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Steps</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>Done ✓</source>
        <translation>Done ✓</translation>
    </message>
    <message>
        <source>Work has started. The guided step screens come in a later release.</source>
        <translation>Work has started. The guided step screens come in a later release.</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>Please wait…</translation>
    </message>
    <message>
        <source>View only: assigned to another technician</source>
        <translation>View only: assigned to another technician</translation>
    </message>
    <message>
        <source>Start work</source>
        <translation>Start work</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Cannot start (%1)</source>
        <translation>Cannot start (%1)</translation>
    </message>
</context>
<context>
    <name>SessionModel</name>
    <message>
        <source>Opening the terminal's data…</source>
        <translation>Opening the terminal's data…</translation>
    </message>
    <message>
        <source>Loading today's work orders…</source>
        <translation>Loading today's work orders…</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>Something went wrong: %1</translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <source>Who is working on this terminal?</source>
        <translation>Who is working on this terminal?</translation>
    </message>
    <message>
        <source>Demo: choose a person, no password needed. A real terminal signs in with the identity it was enrolled with.</source>
        <translation>Demo: choose a person, no password needed. A real terminal signs in with the identity it was enrolled with.</translation>
    </message>
    <message>
        <source>This terminal knows no one yet. Enrol it with the central system and sync, or start the demo: python main.py --demo</source>
        <translation>This terminal knows no one yet. Enrol it with the central system and sync, or start the demo: python main.py --demo</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <source>Search by name, number or team</source>
        <translation>Search by name, number or team</translation>
    </message>
</context>
<context>
    <name>SupervisorView</name>
    <message>
        <source>Search: asset no., customer, address</source>
        <translation>Search: asset no., customer, address</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>%1 work orders</source>
        <translation>%1 work orders</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Asset no.</source>
        <translation>Asset no.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technician</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
</context>
<context>
    <name>SyncStatusModel</name>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>%1 to send</source>
        <translation>%1 to send</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <source>Synced %1</source>
        <translation>Synced %1</translation>
    </message>
</context>
<context>
    <name>TaskListModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>TaskListView</name>
    <message>
        <source>Search: asset no., customer, address</source>
        <translation>Search: asset no., customer, address</translation>
    </message>
    <message>
        <source>%1 work orders · updating…</source>
        <translation>%1 work orders · updating…</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>%1 work orders</source>
        <translation>%1 work orders</translation>
    </message>
    <message>
        <source>No work order matches.</source>
        <translation>No work order matches.</translation>
    </message>
</context>
<context>
    <name>TaskRow</name>
    <message>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>Asset no. %1</source>
        <translation>Asset no. %1</translation>
    </message>
</context>
<context>
    <name>UserBar</name>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
</context>
</TS>