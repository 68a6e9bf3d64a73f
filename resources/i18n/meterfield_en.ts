<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Admin</name>
    <message>
        <source>User created</source>
        <translation>User created</translation>
    </message>
    <message>
        <source>User changed</source>
        <translation>User changed</translation>
    </message>
    <message>
        <source>PIN reset</source>
        <translation>PIN reset</translation>
    </message>
    <message>
        <source>PIN or badge set</source>
        <translation>PIN or badge set</translation>
    </message>
    <message>
        <source>Team created</source>
        <translation>Team created</translation>
    </message>
    <message>
        <source>Service area set</source>
        <translation>Service area set</translation>
    </message>
    <message>
        <source>Enrolment code issued</source>
        <translation>Enrolment code issued</translation>
    </message>
    <message>
        <source>Terminal locked</source>
        <translation>Terminal locked</translation>
    </message>
    <message>
        <source>Order assigned</source>
        <translation>Order assigned</translation>
    </message>
    <message>
        <source>Order reassigned</source>
        <translation>Order reassigned</translation>
    </message>
    <message>
        <source>Order cancelled</source>
        <translation>Order cancelled</translation>
    </message>
    <message>
        <source>Stock issued</source>
        <translation>Stock issued</translation>
    </message>
    <message>
        <source>Stock returned</source>
        <translation>Stock returned</translation>
    </message>
    <message>
        <source>Server command line</source>
        <translation>Server command line</translation>
    </message>
    <message>
        <source>Other act</source>
        <translation>Other act</translation>
    </message>
</context>
<context>
    <name>AdminUserForm</name>
    <message>
        <source>Staff number</source>
        <translation>Staff number</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Create user</source>
        <translation>Create user</translation>
    </message>
</context>
<context>
    <name>AdminView</name>
    <message>
        <source>Users</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>Teams</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>Terminals</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>New PIN</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>Set PIN</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <source>Team number</source>
        <translation>Team number</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Company</translation>
    </message>
    <message>
        <source>Team name</source>
        <translation>Team name</translation>
    </message>
    <message>
        <source>Create team</source>
        <translation>Create team</translation>
    </message>
    <message>
        <source>%1 people</source>
        <translation>%1 people</translation>
    </message>
    <message>
        <source>Enrolled %1 · last contact %2</source>
        <translation>Enrolled %1 · last contact %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>Tap again to lock</source>
        <translation>Tap again to lock</translation>
    </message>
    <message>
        <source>Lock terminal</source>
        <translation>Lock terminal</translation>
    </message>
</context>
<context>
    <name>CentreBanner</name>
    <message>
        <source>Asking the centre…</source>
        <translation>Asking the centre…</translation>
    </message>
</context>
<context>
    <name>CentreMessages</name>
    <message>
        <source>The centre cannot be reached. Check the network and try again.</source>
        <translation>The centre cannot be reached. Check the network and try again.</translation>
    </message>
    <message>
        <source>The centre is busy. Try again in a moment.</source>
        <translation>The centre is busy. Try again in a moment.</translation>
    </message>
    <message>
        <source>The centre&apos;s answer could not be read: update the app.</source>
        <translation>The centre&apos;s answer could not be read: update the app.</translation>
    </message>
    <message>
        <source>This terminal is not enrolled with the centre.</source>
        <translation>This terminal is not enrolled with the centre.</translation>
    </message>
    <message>
        <source>This terminal has been locked by the centre.</source>
        <translation>This terminal has been locked by the centre.</translation>
    </message>
    <message>
        <source>The centre&apos;s certificate is not the one this terminal knows. Nothing was sent. Tell the administrator.</source>
        <translation>The centre&apos;s certificate is not the one this terminal knows. Nothing was sent. Tell the administrator.</translation>
    </message>
    <message>
        <source>This terminal&apos;s user may not do this. Dispatch is for team leaders, administration for administrators.</source>
        <translation>This terminal&apos;s user may not do this. Dispatch is for team leaders, administration for administrators.</translation>
    </message>
    <message>
        <source>This order belongs to another team or region.</source>
        <translation>This order belongs to another team or region.</translation>
    </message>
    <message>
        <source>The centre has no such order any more. Refresh the list.</source>
        <translation>The centre has no such order any more. Refresh the list.</translation>
    </message>
    <message>
        <source>Someone has assigned this order meanwhile. Refresh the list; reassign it if needed.</source>
        <translation>Someone has assigned this order meanwhile. Refresh the list; reassign it if needed.</translation>
    </message>
    <message>
        <source>The order&apos;s state does not allow this any more (it may be finished or cancelled). Refresh the list.</source>
        <translation>The order&apos;s state does not allow this any more (it may be finished or cancelled). Refresh the list.</translation>
    </message>
    <message>
        <source>This technician is not in the order&apos;s team.</source>
        <translation>This technician is not in the order&apos;s team.</translation>
    </message>
    <message>
        <source>The centre refused this: check the choice and try again.</source>
        <translation>The centre refused this: check the choice and try again.</translation>
    </message>
    <message>
        <source>A user with this staff number already exists.</source>
        <translation>A user with this staff number already exists.</translation>
    </message>
    <message>
        <source>A team with this number already exists.</source>
        <translation>A team with this number already exists.</translation>
    </message>
    <message>
        <source>The centre has no such user.</source>
        <translation>The centre has no such user.</translation>
    </message>
    <message>
        <source>The centre has no such team.</source>
        <translation>The centre has no such team.</translation>
    </message>
    <message>
        <source>Administrators and the metering centre belong to no team.</source>
        <translation>Administrators and the metering centre belong to no team.</translation>
    </message>
    <message>
        <source>This team belongs to another company.</source>
        <translation>This team belongs to another company.</translation>
    </message>
    <message>
        <source>Fill in every field.</source>
        <translation>Fill in every field.</translation>
    </message>
    <message>
        <source>A number is 1 to 32 letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;.</source>
        <translation>A number is 1 to 32 letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;.</translation>
    </message>
    <message>
        <source>This staff number is reserved. Choose another.</source>
        <translation>This staff number is reserved. Choose another.</translation>
    </message>
    <message>
        <source>The name may not hold control characters.</source>
        <translation>The name may not hold control characters.</translation>
    </message>
    <message>
        <source>The name is too long.</source>
        <translation>The name is too long.</translation>
    </message>
    <message>
        <source>A PIN is 4 to 8 digits.</source>
        <translation>A PIN is 4 to 8 digits.</translation>
    </message>
    <message>
        <source>The centre has no such terminal.</source>
        <translation>The centre has no such terminal.</translation>
    </message>
    <message>
        <source>This item is in another technician&apos;s stock. Take it back from them first.</source>
        <translation>This item is in another technician&apos;s stock. Take it back from them first.</translation>
    </message>
    <message>
        <source>This item has already been used on an order or is installed.</source>
        <translation>This item has already been used on an order or is installed.</translation>
    </message>
    <message>
        <source>Stock is issued to technicians only.</source>
        <translation>Stock is issued to technicians only.</translation>
    </message>
    <message>
        <source>The centre never issued this item.</source>
        <translation>The centre never issued this item.</translation>
    </message>
    <message>
        <source>The centre refused this. Try again, or ask the administrator.</source>
        <translation>The centre refused this. Try again, or ask the administrator.</translation>
    </message>
    <message>
        <source>Order %1 assigned to %2. Their handheld gets it at its next sync.</source>
        <translation>Order %1 assigned to %2. Their handheld gets it at its next sync.</translation>
    </message>
    <message>
        <source>Order %1 moved to %2. The previous handheld drops it at its next sync.</source>
        <translation>Order %1 moved to %2. The previous handheld drops it at its next sync.</translation>
    </message>
    <message>
        <source>Order %1 cancelled.</source>
        <translation>Order %1 cancelled.</translation>
    </message>
    <message>
        <source>User %1 created. Give them an enrolment code or a PIN.</source>
        <translation>User %1 created. Give them an enrolment code or a PIN.</translation>
    </message>
    <message>
        <source>Team %1 created.</source>
        <translation>Team %1 created.</translation>
    </message>
    <message>
        <source>New PIN for %1 sent: their team&apos;s handhelds get it at their next sync.</source>
        <translation>New PIN for %1 sent: their team&apos;s handhelds get it at their next sync.</translation>
    </message>
    <message>
        <source>Terminal %1 locked. It signs out at its next contact.</source>
        <translation>Terminal %1 locked. It signs out at its next contact.</translation>
    </message>
    <message>
        <source>%1 issued to %2. Their handheld lists it at its next sync.</source>
        <translation>%1 issued to %2. Their handheld lists it at its next sync.</translation>
    </message>
    <message>
        <source>%1 taken back to the warehouse.</source>
        <translation>%1 taken back to the warehouse.</translation>
    </message>
    <message>
        <source>Enrolment code for %1: %2 (valid 24 hours, once).</source>
        <translation>Enrolment code for %1: %2 (valid 24 hours, once).</translation>
    </message>
    <message>
        <source>The table was saved as %1.</source>
        <translation>The table was saved as %1.</translation>
    </message>
</context>
<context>
    <name>CompleteStep</name>
    <message>
        <source>The replacement is complete. Print the customer&apos;s receipt.</source>
        <translation>The replacement is complete. Print the customer&apos;s receipt.</translation>
    </message>
    <message>
        <source>Check the summary, then complete the order.</source>
        <translation>Check the summary, then complete the order.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Tariff written and verified</source>
        <translation>Tariff written and verified</translation>
    </message>
    <message>
        <source>Complete and upload</source>
        <translation>Complete and upload</translation>
    </message>
    <message>
        <source>Print the receipt again</source>
        <translation>Print the receipt again</translation>
    </message>
    <message>
        <source>Retry printing</source>
        <translation>Retry printing</translation>
    </message>
    <message>
        <source>Print the receipt</source>
        <translation>Print the receipt</translation>
    </message>
</context>
<context>
    <name>ConfirmStep</name>
    <message>
        <source>The customer checks the final reading and signs below.</source>
        <translation>The customer checks the final reading and signs below.</translation>
    </message>
    <message>
        <source>Customer signs here</source>
        <translation>Customer signs here</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Photograph the old meter and confirm</source>
        <translation>Photograph the old meter and confirm</translation>
    </message>
</context>
<context>
    <name>DevicesView</name>
    <message>
        <source>Devices of this handheld</source>
        <translation>Devices of this handheld</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Check all devices</source>
        <translation>Check all devices</translation>
    </message>
</context>
<context>
    <name>DiagnoseStep</name>
    <message>
        <source>Final readings of meter %1. Show them to the customer.</source>
        <translation>Final readings of meter %1. Show them to the customer.</translation>
    </message>
    <message>
        <source>Hold the infrared probe on the faulty meter and read it. If it still does not answer, record that.</source>
        <translation>Hold the infrared probe on the faulty meter and read it. If it still does not answer, record that.</translation>
    </message>
    <message>
        <source>Read the faulty meter</source>
        <translation>Read the faulty meter</translation>
    </message>
    <message>
        <source>It does not answer: record it</source>
        <translation>It does not answer: record it</translation>
    </message>
</context>
<context>
    <name>Dispatch</name>
    <message>
        <source>The customer asked to cancel</source>
        <translation>The customer asked to cancel</translation>
    </message>
    <message>
        <source>A duplicate of another order</source>
        <translation>A duplicate of another order</translation>
    </message>
    <message>
        <source>The archive is wrong: back to the marketing system</source>
        <translation>The archive is wrong: back to the marketing system</translation>
    </message>
    <message>
        <source>The site cannot be reached</source>
        <translation>The site cannot be reached</translation>
    </message>
</context>
<context>
    <name>DispatchView</name>
    <message>
        <source>To dispatch</source>
        <translation>To dispatch</translation>
    </message>
    <message>
        <source>Dispatched, open</source>
        <translation>Dispatched, open</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Nothing to dispatch.</source>
        <translation>Nothing to dispatch.</translation>
    </message>
    <message>
        <source>No orders.</source>
        <translation>No orders.</translation>
    </message>
    <message>
        <source>Technician: %1</source>
        <translation>Technician: %1</translation>
    </message>
    <message>
        <source>Not dispatched</source>
        <translation>Not dispatched</translation>
    </message>
    <message>
        <source>Tap an order to dispatch it.</source>
        <translation>Tap an order to dispatch it.</translation>
    </message>
    <message>
        <source>Meter %1</source>
        <translation>Meter %1</translation>
    </message>
    <message>
        <source>Give it to:</source>
        <translation>Give it to:</translation>
    </message>
    <message>
        <source>Give it to another technician:</source>
        <translation>Give it to another technician:</translation>
    </message>
    <message>
        <source>%1 open</source>
        <translation>%1 open</translation>
    </message>
    <message>
        <source>Cancel the order:</source>
        <translation>Cancel the order:</translation>
    </message>
    <message>
        <source>Cancel order %1</source>
        <translation>Cancel order %1</translation>
    </message>
</context>
<context>
    <name>EnrolView</name>
    <message>
        <source>Set up this handheld</source>
        <translation>Set up this handheld</translation>
    </message>
    <message>
        <source>Ask the administrator for this handheld&apos;s enrolment QR code, hold the camera over it and tap Scan. Nothing needs to be typed.</source>
        <translation>Ask the administrator for this handheld&apos;s enrolment QR code, hold the camera over it and tap Scan. Nothing needs to be typed.</translation>
    </message>
    <message>
        <source>Enrolling…</source>
        <translation>Enrolling…</translation>
    </message>
    <message>
        <source>Scan the enrolment QR code</source>
        <translation>Scan the enrolment QR code</translation>
    </message>
    <message>
        <source>Device settings</source>
        <translation>Device settings</translation>
    </message>
</context>
<context>
    <name>EnrolmentModel</name>
    <message>
        <source>This handheld belongs to %1 (enrolled by %2)</source>
        <translation>This handheld belongs to %1 (enrolled by %2)</translation>
    </message>
</context>
<context>
    <name>Evaluation</name>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 days</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 days</translation>
    </message>
    <message>
        <source>By technician</source>
        <translation>By technician</translation>
    </message>
    <message>
        <source>By team</source>
        <translation>By team</translation>
    </message>
    <message>
        <source>By area</source>
        <translation>By area</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>By day</translation>
    </message>
    <message>
        <source>wrong meter scanned</source>
        <translation>wrong meter scanned</translation>
    </message>
    <message>
        <source>seal refused</source>
        <translation>seal refused</translation>
    </message>
    <message>
        <source>tariff write refused</source>
        <translation>tariff write refused</translation>
    </message>
    <message>
        <source>no authorisation for the meter</source>
        <translation>no authorisation for the meter</translation>
    </message>
    <message>
        <source>no RFID tag read</source>
        <translation>no RFID tag read</translation>
    </message>
    <message>
        <source>a step failed</source>
        <translation>a step failed</translation>
    </message>
    <message>
        <source>seal not in the technician&apos;s stock</source>
        <translation>seal not in the technician&apos;s stock</translation>
    </message>
    <message>
        <source>seal already used</source>
        <translation>seal already used</translation>
    </message>
    <message>
        <source>work on a reassigned order</source>
        <translation>work on a reassigned order</translation>
    </message>
    <message>
        <source>meter cover opened</source>
        <translation>meter cover opened</translation>
    </message>
    <message>
        <source>reading below the last one</source>
        <translation>reading below the last one</translation>
    </message>
    <message>
        <source>monitoring records missing</source>
        <translation>monitoring records missing</translation>
    </message>
    <message>
        <source>monitoring record altered</source>
        <translation>monitoring record altered</translation>
    </message>
    <message>
        <source>monitoring record not signed by the handheld</source>
        <translation>monitoring record not signed by the handheld</translation>
    </message>
    <message>
        <source>monitoring records out of order</source>
        <translation>monitoring records out of order</translation>
    </message>
    <message>
        <source>monitoring record without its seal</source>
        <translation>monitoring record without its seal</translation>
    </message>
    <message>
        <source>other anomaly</source>
        <translation>other anomaly</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>old meter</source>
        <translation>old meter</translation>
    </message>
    <message>
        <source>new meter</source>
        <translation>new meter</translation>
    </message>
    <message>
        <source>inspected meter</source>
        <translation>inspected meter</translation>
    </message>
    <message>
        <source>meter</source>
        <translation>meter</translation>
    </message>
    <message>
        <source>Work %1 min · order %2 min · anomalies: %3</source>
        <translation>Work %1 min · order %2 min · anomalies: %3</translation>
    </message>
    <message>
        <source>a device operation</source>
        <translation>a device operation</translation>
    </message>
</context>
<context>
    <name>EvaluationView</name>
    <message>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Orders</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Unfinished</source>
        <translation>Unfinished</translation>
    </message>
    <message>
        <source>First time</source>
        <translation>First time</translation>
    </message>
    <message>
        <source>Rework</source>
        <translation>Rework</translation>
    </message>
    <message>
        <source>Anomalies</source>
        <translation>Anomalies</translation>
    </message>
    <message>
        <source>Work min</source>
        <translation>Work min</translation>
    </message>
    <message>
        <source>Order min</source>
        <translation>Order min</translation>
    </message>
    <message>
        <source>Upload delay min</source>
        <translation>Upload delay min</translation>
    </message>
    <message>
        <source>Travel km</source>
        <translation>Travel km</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Save as Excel</source>
        <translation>Save as Excel</translation>
    </message>
    <message>
        <source>Save as CSV</source>
        <translation>Save as CSV</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>No work in this period.</source>
        <translation>No work in this period.</translation>
    </message>
    <message>
        <source>Anomalies (%1)</source>
        <translation>Anomalies (%1)</translation>
    </message>
    <message>
        <source>Work order %1</source>
        <translation>Work order %1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Steps</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>Readings</translation>
    </message>
    <message>
        <source>Photos and signature</source>
        <translation>Photos and signature</translation>
    </message>
    <message>
        <source>GPS trail: %1 km</source>
        <translation>GPS trail: %1 km</translation>
    </message>
</context>
<context>
    <name>Findings</name>
    <message>
        <source>Meter clock off</source>
        <translation>Meter clock off</translation>
    </message>
    <message>
        <source>Prices differ from the tariff</source>
        <translation>Prices differ from the tariff</translation>
    </message>
    <message>
        <source>Time-of-use table differs</source>
        <translation>Time-of-use table differs</translation>
    </message>
    <message>
        <source>Meter address differs from the archive</source>
        <translation>Meter address differs from the archive</translation>
    </message>
    <message>
        <source>Asset number differs from the archive</source>
        <translation>Asset number differs from the archive</translation>
    </message>
    <message>
        <source>Reading below the last one</source>
        <translation>Reading below the last one</translation>
    </message>
    <message>
        <source>Cover opened since the last visit</source>
        <translation>Cover opened since the last visit</translation>
    </message>
    <message>
        <source>Seal missing</source>
        <translation>Seal missing</translation>
    </message>
    <message>
        <source>Seal is not the one on record</source>
        <translation>Seal is not the one on record</translation>
    </message>
    <message>
        <source>Balance does not match the purchases</source>
        <translation>Balance does not match the purchases</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>Corrected</translation>
    </message>
    <message>
        <source>Correction failed</source>
        <translation>Correction failed</translation>
    </message>
</context>
<context>
    <name>FindingsView</name>
    <message>
        <source>%1 open findings</source>
        <translation>%1 open findings</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>The team&apos;s inspections found nothing.</source>
        <translation>The team&apos;s inspections found nothing.</translation>
    </message>
    <message>
        <source>can be corrected on site</source>
        <translation>can be corrected on site</translation>
    </message>
    <message>
        <source>Order %1 · meter %2</source>
        <translation>Order %1 · meter %2</translation>
    </message>
    <message>
        <source>Records: %1   Meter: %2</source>
        <translation>Records: %1   Meter: %2</translation>
    </message>
</context>
<context>
    <name>IdentifyStep</name>
    <message>
        <source>Aim the camera at the old meter&apos;s barcode, hold the infrared probe on its window, then scan.</source>
        <translation>Aim the camera at the old meter&apos;s barcode, hold the infrared probe on its window, then scan.</translation>
    </message>
    <message>
        <source>The meter on this order</source>
        <translation>The meter on this order</translation>
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
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Read the old meter&apos;s RFID tag</source>
        <translation>Read the old meter&apos;s RFID tag</translation>
    </message>
    <message>
        <source>Not the meter of this order</source>
        <translation>Not the meter of this order</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>Scanned</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>Scan the old meter&apos;s barcode</source>
        <translation>Scan the old meter&apos;s barcode</translation>
    </message>
</context>
<context>
    <name>InspectionView</name>
    <message>
        <source>Aim the camera at the meter&apos;s barcode and put the infrared probe on its window, then tap below.</source>
        <translation>Aim the camera at the meter&apos;s barcode and put the infrared probe on its window, then tap below.</translation>
    </message>
    <message>
        <source>Keep the probe on the meter&apos;s window while it is read (about half a minute).</source>
        <translation>Keep the probe on the meter&apos;s window while it is read (about half a minute).</translation>
    </message>
    <message>
        <source>Read from the meter</source>
        <translation>Read from the meter</translation>
    </message>
    <message>
        <source>Photos: %1</source>
        <translation>Photos: %1</translation>
    </message>
    <message>
        <source>The centre asks to correct this meter</source>
        <translation>The centre asks to correct this meter</translation>
    </message>
    <message>
        <source>Written and read back: the meter now holds</source>
        <translation>Written and read back: the meter now holds</translation>
    </message>
    <message>
        <source>As found, before the correction</source>
        <translation>As found, before the correction</translation>
    </message>
    <message>
        <source>The inspection is stored. The centre compares it with the archive and tells the team leader what it finds; a correction it asks for appears here after the next sync.</source>
        <translation>The inspection is stored. The centre compares it with the archive and tells the team leader what it finds; a correction it asks for appears here after the next sync.</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>Please wait…</translation>
    </message>
    <message>
        <source>Scan the meter&apos;s barcode</source>
        <translation>Scan the meter&apos;s barcode</translation>
    </message>
    <message>
        <source>Read the meter&apos;s RFID tag</source>
        <translation>Read the meter&apos;s RFID tag</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>Read the meter over infrared</source>
        <translation>Read the meter over infrared</translation>
    </message>
    <message>
        <source>Photo of the meter</source>
        <translation>Photo of the meter</translation>
    </message>
    <message>
        <source>Scan a seal</source>
        <translation>Scan a seal</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>Writing…</translation>
    </message>
    <message>
        <source>Write the correction to the meter</source>
        <translation>Write the correction to the meter</translation>
    </message>
    <message>
        <source>Store and upload</source>
        <translation>Store and upload</translation>
    </message>
</context>
<context>
    <name>InstallStep</name>
    <message>
        <source>New meter %1 installed.</source>
        <translation>New meter %1 installed.</translation>
    </message>
    <message>
        <source>Mount the new meter, aim the camera at its barcode, hold the probe on its window, then scan.</source>
        <translation>Mount the new meter, aim the camera at its barcode, hold the probe on its window, then scan.</translation>
    </message>
    <message>
        <source>The new meter of this order</source>
        <translation>The new meter of this order</translation>
    </message>
    <message>
        <source>Asset no.</source>
        <translation>Asset no.</translation>
    </message>
    <message>
        <source>New meter</source>
        <translation>New meter</translation>
    </message>
    <message>
        <source>Scan the new meter&apos;s barcode</source>
        <translation>Scan the new meter&apos;s barcode</translation>
    </message>
</context>
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
        <source>Diagnose the faulty meter</source>
        <translation>Diagnose the faulty meter</translation>
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
        <source>Photos and seals</source>
        <translation>Photos and seals</translation>
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
        <source>Metering centre</source>
        <translation>Metering centre</translation>
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
        <source>Prepaid recharge</source>
        <translation>Prepaid recharge</translation>
    </message>
    <message>
        <source>Meter replacement</source>
        <translation>Meter replacement</translation>
    </message>
    <message>
        <source>Meter inspection</source>
        <translation>Meter inspection</translation>
    </message>
    <message>
        <source>Device settings</source>
        <translation>Device settings</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Inspection findings</source>
        <translation>Inspection findings</translation>
    </message>
    <message>
        <source>Prepaid account</source>
        <translation>Prepaid account</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>Enrolment</source>
        <translation>Enrolment</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Work order</translation>
    </message>
    <message>
        <source>Today&apos;s orders</source>
        <translation>Today&apos;s orders</translation>
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
    <message>
        <source>Devices</source>
        <translation>Devices</translation>
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
        <source>Result at the centre</source>
        <translation>Result at the centre</translation>
    </message>
    <message>
        <source>Old meter final reading</source>
        <translation>Old meter final reading</translation>
    </message>
    <message>
        <source>New meter start reading</source>
        <translation>New meter start reading</translation>
    </message>
    <message>
        <source>Tariff prices set</source>
        <translation>Tariff prices set</translation>
    </message>
    <message>
        <source>Seals</source>
        <translation>Seals</translation>
    </message>
    <message>
        <source>Photos + signatures</source>
        <translation>Photos + signatures</translation>
    </message>
    <message>
        <source>Time on site</source>
        <translation>Time on site</translation>
    </message>
    <message>
        <source>GPS points</source>
        <translation>GPS points</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Ended unfinished</source>
        <translation>Ended unfinished</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
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
        <source>Continue the guided steps</source>
        <translation>Continue the guided steps</translation>
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
        <source>Choose why (a photo is taken)</source>
        <translation>Choose why (a photo is taken)</translation>
    </message>
    <message>
        <source>Cannot complete…</source>
        <translation>Cannot complete…</translation>
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
    <name>PinPad</name>
    <message>
        <source>Team leader %1: your PIN, to unlock %2</source>
        <translation>Team leader %1: your PIN, to unlock %2</translation>
    </message>
    <message>
        <source>PIN for %1</source>
        <translation>PIN for %1</translation>
    </message>
    <message>
        <source>Enter your PIN</source>
        <translation>Enter your PIN</translation>
    </message>
    <message>
        <source>Hint from the administrator: %1</source>
        <translation>Hint from the administrator: %1</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Someone else</source>
        <translation>Someone else</translation>
    </message>
    <message>
        <source>Team leader unlocks</source>
        <translation>Team leader unlocks</translation>
    </message>
    <message>
        <source>Scan badge</source>
        <translation>Scan badge</translation>
    </message>
</context>
<context>
    <name>ReadStep</name>
    <message>
        <source>Final readings of meter %1. Show them to the customer.</source>
        <translation>Final readings of meter %1. Show them to the customer.</translation>
    </message>
    <message>
        <source>Hold the infrared probe on the old meter, then read its final readings.</source>
        <translation>Hold the infrared probe on the old meter, then read its final readings.</translation>
    </message>
    <message>
        <source>Read the final readings</source>
        <translation>Read the final readings</translation>
    </message>
</context>
<context>
    <name>RechargeView</name>
    <message>
        <source>Insert the customer&apos;s prepaid card into the reader, then tap below.</source>
        <translation>Insert the customer&apos;s prepaid card into the reader, then tap below.</translation>
    </message>
    <message>
        <source>The customer&apos;s card</source>
        <translation>The customer&apos;s card</translation>
    </message>
    <message>
        <source>Check and repair a purchase</source>
        <translation>Check and repair a purchase</translation>
    </message>
    <message>
        <source>Write card parameters</source>
        <translation>Write card parameters</translation>
    </message>
    <message>
        <source>Scan the meter&apos;s barcode</source>
        <translation>Scan the meter&apos;s barcode</translation>
    </message>
    <message>
        <source>Scan the meter again</source>
        <translation>Scan the meter again</translation>
    </message>
    <message>
        <source>Amount the customer pays</source>
        <translation>Amount the customer pays</translation>
    </message>
    <message>
        <source>First purchase</source>
        <translation>First purchase</translation>
    </message>
    <message>
        <source>Other amount</source>
        <translation>Other amount</translation>
    </message>
    <message>
        <source>How the customer pays</source>
        <translation>How the customer pays</translation>
    </message>
    <message>
        <source>Work order %1: keep the card in the reader.</source>
        <translation>Work order %1: keep the card in the reader.</translation>
    </message>
    <message>
        <source>Write %1 confirmed purchase(s) to the card</source>
        <translation>Write %1 confirmed purchase(s) to the card</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>Please wait…</translation>
    </message>
    <message>
        <source>Read the prepaid card</source>
        <translation>Read the prepaid card</translation>
    </message>
    <message>
        <source>Asking the centre…</source>
        <translation>Asking the centre…</translation>
    </message>
    <message>
        <source>Ask the centre to open the card</source>
        <translation>Ask the centre to open the card</translation>
    </message>
    <message>
        <source>Ask the centre for the purchase</source>
        <translation>Ask the centre for the purchase</translation>
    </message>
    <message>
        <source>Print the receipt</source>
        <translation>Print the receipt</translation>
    </message>
    <message>
        <source>Next customer</source>
        <translation>Next customer</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>Writing…</translation>
    </message>
    <message>
        <source>Write the card</source>
        <translation>Write the card</translation>
    </message>
</context>
<context>
    <name>Reconciliation</name>
    <message>
        <source>amount %1 yuan, issued %2 yuan</source>
        <translation>amount %1 yuan, issued %2 yuan</translation>
    </message>
    <message>
        <source>card purchase %1, issued as purchase %2</source>
        <translation>card purchase %1, issued as purchase %2</translation>
    </message>
    <message>
        <source>card %1, issued for card %2</source>
        <translation>card %1, issued for card %2</translation>
    </message>
    <message>
        <source>does not match</source>
        <translation>does not match</translation>
    </message>
    <message>
        <source>Cards opened %1 · parameters written %2 · repairs checked %3</source>
        <translation>Cards opened %1 · parameters written %2 · repairs checked %3</translation>
    </message>
    <message>
        <source>already on the card</source>
        <translation>already on the card</translation>
    </message>
    <message>
        <source>written again (purchase %1)</source>
        <translation>written again (purchase %1)</translation>
    </message>
    <message>
        <source>refused: the card is ahead of the ledger</source>
        <translation>refused: the card is ahead of the ledger</translation>
    </message>
    <message>
        <source>refused: the card lacks a purchase</source>
        <translation>refused: the card lacks a purchase</translation>
    </message>
    <message>
        <source>refused: the purchase was cancelled</source>
        <translation>refused: the purchase was cancelled</translation>
    </message>
    <message>
        <source>no purchase issued for the card</source>
        <translation>no purchase issued for the card</translation>
    </message>
</context>
<context>
    <name>ReconciliationView</name>
    <message>
        <source>%1 · cash %2 yuan · QR %3 yuan · issued %4 yuan · on cards %5 yuan</source>
        <translation>%1 · cash %2 yuan · QR %3 yuan · issued %4 yuan · on cards %5 yuan</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>No prepaid purchase today.</source>
        <translation>No prepaid purchase today.</translation>
    </message>
    <message>
        <source>Cash %1 yuan · QR %2 yuan · %3 tokens (%4 yuan) · %5 on cards (%6 yuan)</source>
        <translation>Cash %1 yuan · QR %2 yuan · %3 tokens (%4 yuan) · %5 on cards (%6 yuan)</translation>
    </message>
    <message>
        <source>Repair: %1</source>
        <translation>Repair: %1</translation>
    </message>
    <message>
        <source>Not on a card yet: %1 yuan</source>
        <translation>Not on a card yet: %1 yuan</translation>
    </message>
    <message>
        <source>Does not match what was issued: %1</source>
        <translation>Does not match what was issued: %1</translation>
    </message>
</context>
<context>
    <name>Replacement</name>
    <message>
        <source>Meter identified: the barcode and the infrared address match the archive.</source>
        <translation>Meter identified: the barcode and the infrared address match the archive.</translation>
    </message>
    <message>
        <source>Meter identified: its RFID tag and the infrared address match the archive.</source>
        <translation>Meter identified: its RFID tag and the infrared address match the archive.</translation>
    </message>
    <message>
        <source>The meter&apos;s data is read and stored.</source>
        <translation>The meter&apos;s data is read and stored.</translation>
    </message>
    <message>
        <source>Photo taken.</source>
        <translation>Photo taken.</translation>
    </message>
    <message>
        <source>Seal %1 noted.</source>
        <translation>Seal %1 noted.</translation>
    </message>
    <message>
        <source>First tap where the seal is, then scan it.</source>
        <translation>First tap where the seal is, then scan it.</translation>
    </message>
    <message>
        <source>Photos and seals stored.</source>
        <translation>Photos and seals stored.</translation>
    </message>
    <message>
        <source>Inspection stored: it goes to the centre at the next sync, which compares it with the archive.</source>
        <translation>Inspection stored: it goes to the centre at the next sync, which compares it with the archive.</translation>
    </message>
    <message>
        <source>Correction written and read back: the meter now matches the archive.</source>
        <translation>Correction written and read back: the meter now matches the archive.</translation>
    </message>
    <message>
        <source>Prices to write</source>
        <translation>Prices to write</translation>
    </message>
    <message>
        <source>Set to the current time</source>
        <translation>Set to the current time</translation>
    </message>
    <message>
        <source>Time-of-use periods to write</source>
        <translation>Time-of-use periods to write</translation>
    </message>
    <message>
        <source>Prices read back</source>
        <translation>Prices read back</translation>
    </message>
    <message>
        <source>Time-of-use periods read back</source>
        <translation>Time-of-use periods read back</translation>
    </message>
    <message>
        <source>Meter clock read back</source>
        <translation>Meter clock read back</translation>
    </message>
    <message>
        <source>sharp</source>
        <translation>sharp</translation>
    </message>
    <message>
        <source>peak</source>
        <translation>peak</translation>
    </message>
    <message>
        <source>flat</source>
        <translation>flat</translation>
    </message>
    <message>
        <source>valley</source>
        <translation>valley</translation>
    </message>
    <message>
        <source>Forward active energy</source>
        <translation>Forward active energy</translation>
    </message>
    <message>
        <source>Meter clock</source>
        <translation>Meter clock</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>Prices</translation>
    </message>
    <message>
        <source>Cover opened</source>
        <translation>Cover opened</translation>
    </message>
    <message>
        <source>times</source>
        <translation>times</translation>
    </message>
    <message>
        <source>Time-of-use periods</source>
        <translation>Time-of-use periods</translation>
    </message>
    <message>
        <source>Remaining credit</source>
        <translation>Remaining credit</translation>
    </message>
    <message>
        <source>yuan</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>yuan/kWh</source>
        <translation>yuan/kWh</translation>
    </message>
    <message>
        <source>Sharp</source>
        <translation>Sharp</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>Peak</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>Flat</translation>
    </message>
    <message>
        <source>Valley</source>
        <translation>Valley</translation>
    </message>
    <message>
        <source>Old meter identified: the barcode and the infrared address match the archive.</source>
        <translation>Old meter identified: the barcode and the infrared address match the archive.</translation>
    </message>
    <message>
        <source>Faulty meter identified by its label: it does not answer over infrared.</source>
        <translation>Faulty meter identified by its label: it does not answer over infrared.</translation>
    </message>
    <message>
        <source>Final readings stored. Show them to the customer.</source>
        <translation>Final readings stored. Show them to the customer.</translation>
    </message>
    <message>
        <source>Recorded: the faulty meter does not answer. The centre settles its final reading.</source>
        <translation>Recorded: the faulty meter does not answer. The centre settles its final reading.</translation>
    </message>
    <message>
        <source>The signature pad is empty: ask the customer to sign, then confirm.</source>
        <translation>The signature pad is empty: ask the customer to sign, then confirm.</translation>
    </message>
    <message>
        <source>Signature and photo of the old meter kept.</source>
        <translation>Signature and photo of the old meter kept.</translation>
    </message>
    <message>
        <source>Signature and photo of the new meter kept.</source>
        <translation>Signature and photo of the new meter kept.</translation>
    </message>
    <message>
        <source>New meter installed: its address and first readings are stored.</source>
        <translation>New meter installed: its address and first readings are stored.</translation>
    </message>
    <message>
        <source>Choose where the seal goes first, then scan it.</source>
        <translation>Choose where the seal goes first, then scan it.</translation>
    </message>
    <message>
        <source>Seal %1 recorded.</source>
        <translation>Seal %1 recorded.</translation>
    </message>
    <message>
        <source>Sealing done.</source>
        <translation>Sealing done.</translation>
    </message>
    <message>
        <source>Tariff written and read back: the meter holds these prices.</source>
        <translation>Tariff written and read back: the meter holds these prices.</translation>
    </message>
    <message>
        <source>Completed. The result uploads at the next sync.</source>
        <translation>Completed. The result uploads at the next sync.</translation>
    </message>
    <message>
        <source>Receipt printed. Hand it to the customer.</source>
        <translation>Receipt printed. Hand it to the customer.</translation>
    </message>
    <message>
        <source>Terminal cover</source>
        <translation>Terminal cover</translation>
    </message>
    <message>
        <source>Meter cover</source>
        <translation>Meter cover</translation>
    </message>
    <message>
        <source>Meter box door</source>
        <translation>Meter box door</translation>
    </message>
    <message>
        <source>Junction box</source>
        <translation>Junction box</translation>
    </message>
    <message>
        <source>Forward active energy, total</source>
        <translation>Forward active energy, total</translation>
    </message>
    <message>
        <source>Reverse active energy, total</source>
        <translation>Reverse active energy, total</translation>
    </message>
    <message>
        <source>Meter date and time</source>
        <translation>Meter date and time</translation>
    </message>
    <message>
        <source>relay closed</source>
        <translation>relay closed</translation>
    </message>
    <message>
        <source>relay open</source>
        <translation>relay open</translation>
    </message>
    <message>
        <source>Status word 3</source>
        <translation>Status word 3</translation>
    </message>
    <message>
        <source>Remaining money</source>
        <translation>Remaining money</translation>
    </message>
    <message>
        <source>from your stock</source>
        <translation>from your stock</translation>
    </message>
    <message>
        <source>assigned by the order</source>
        <translation>assigned by the order</translation>
    </message>
    <message>
        <source>Asset no.</source>
        <translation>Asset no.</translation>
    </message>
    <message>
        <source>Meter address (infrared)</source>
        <translation>Meter address (infrared)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Initial reading, total</source>
        <translation>Initial reading, total</translation>
    </message>
    <message>
        <source>Old meter</source>
        <translation>Old meter</translation>
    </message>
    <message>
        <source>Old meter final reading</source>
        <translation>Old meter final reading</translation>
    </message>
    <message>
        <source>Not readable: settled by the centre</source>
        <translation>Not readable: settled by the centre</translation>
    </message>
    <message>
        <source>New meter</source>
        <translation>New meter</translation>
    </message>
    <message>
        <source>New meter initial reading</source>
        <translation>New meter initial reading</translation>
    </message>
    <message>
        <source>Seals</source>
        <translation>Seals</translation>
    </message>
    <message>
        <source>Photos and signature</source>
        <translation>Photos and signature</translation>
    </message>
    <message>
        <source>%1 photo(s), %2 signature(s)</source>
        <translation>%1 photo(s), %2 signature(s)</translation>
    </message>
    <message>
        <source>The handheld&apos;s storage is full: nothing was saved. Sync, then delete old photos, and try again</source>
        <translation>The handheld&apos;s storage is full: nothing was saved. Sync, then delete old photos, and try again</translation>
    </message>
    <message>
        <source>Wrong meter</source>
        <translation>Wrong meter</translation>
    </message>
    <message>
        <source>No connection to the centre: nothing was credited. Retry when the signal is back</source>
        <translation>No connection to the centre: nothing was credited. Retry when the signal is back</translation>
    </message>
    <message>
        <source>This card has an earlier purchase it does not hold yet: finish that one first</source>
        <translation>This card has an earlier purchase it does not hold yet: finish that one first</translation>
    </message>
    <message>
        <source>No RFID tag was read: hold the handheld against the meter&apos;s tag and retry</source>
        <translation>No RFID tag was read: hold the handheld against the meter&apos;s tag and retry</translation>
    </message>
    <message>
        <source>This card is blank: it must be opened for the customer first</source>
        <translation>This card is blank: it must be opened for the customer first</translation>
    </message>
    <message>
        <source>This card is already open for a customer: recharge it instead</source>
        <translation>This card is already open for a customer: recharge it instead</translation>
    </message>
    <message>
        <source>No card security module is set up on this handheld: ask the administrator</source>
        <translation>No card security module is set up on this handheld: ask the administrator</translation>
    </message>
    <message>
        <source>This is not a meter&apos;s asset number: scan the barcode on the meter</source>
        <translation>This is not a meter&apos;s asset number: scan the barcode on the meter</translation>
    </message>
    <message>
        <source>The card&apos;s purchases do not follow this one: nothing was written; call the metering centre</source>
        <translation>The card&apos;s purchases do not follow this one: nothing was written; call the metering centre</translation>
    </message>
    <message>
        <source>The card did not show the credit after writing: keep it in the reader and tap write again</source>
        <translation>The card did not show the credit after writing: keep it in the reader and tap write again</translation>
    </message>
    <message>
        <source>The centre&apos;s archive has no such customer: nothing was bought</source>
        <translation>The centre&apos;s archive has no such customer: nothing was bought</translation>
    </message>
    <message>
        <source>This customer belongs to another company: nothing was bought</source>
        <translation>This customer belongs to another company: nothing was bought</translation>
    </message>
    <message>
        <source>The centre holds no card keys yet: ask the administrator; nothing was bought</source>
        <translation>The centre holds no card keys yet: ask the administrator; nothing was bought</translation>
    </message>
    <message>
        <source>The centre&apos;s credit does not match the purchase: nothing was credited; call the metering centre</source>
        <translation>The centre&apos;s credit does not match the purchase: nothing was credited; call the metering centre</translation>
    </message>
    <message>
        <source>The centre already issued this card&apos;s next purchase: finish that one first; nothing was bought</source>
        <translation>The centre already issued this card&apos;s next purchase: finish that one first; nothing was bought</translation>
    </message>
    <message>
        <source>This meter is not a prepaid meter: it takes no card; nothing was bought</source>
        <translation>This meter is not a prepaid meter: it takes no card; nothing was bought</translation>
    </message>
    <message>
        <source>The centre already answered this request for another card: start again with this card</source>
        <translation>The centre already answered this request for another card: start again with this card</translation>
    </message>
    <message>
        <source>The centre&apos;s answer had no card parameters: nothing was written; the purchase is kept, tap again</source>
        <translation>The centre&apos;s answer had no card parameters: nothing was written; the purchase is kept, tap again</translation>
    </message>
    <message>
        <source>The centre refused this: nothing was written to the card</source>
        <translation>The centre refused this: nothing was written to the card</translation>
    </message>
    <message>
        <source>Not this customer&apos;s card: nothing was written</source>
        <translation>Not this customer&apos;s card: nothing was written</translation>
    </message>
    <message>
        <source>No card in the reader: insert the customer&apos;s card</source>
        <translation>No card in the reader: insert the customer&apos;s card</translation>
    </message>
    <message>
        <source>Card problem: keep the card in the reader and retry</source>
        <translation>Card problem: keep the card in the reader and retry</translation>
    </message>
    <message>
        <source>This seal was already used</source>
        <translation>This seal was already used</translation>
    </message>
    <message>
        <source>The tariff was not written correctly</source>
        <translation>The tariff was not written correctly</translation>
    </message>
    <message>
        <source>No authorisation for this meter</source>
        <translation>No authorisation for this meter</translation>
    </message>
    <message>
        <source>The authorisation has expired: sync, then retry</source>
        <translation>The authorisation has expired: sync, then retry</translation>
    </message>
    <message>
        <source>The authorisation was refused</source>
        <translation>The authorisation was refused</translation>
    </message>
    <message>
        <source>Not possible at this step</source>
        <translation>Not possible at this step</translation>
    </message>
    <message>
        <source>This label cannot be used</source>
        <translation>This label cannot be used</translation>
    </message>
    <message>
        <source>No barcode could be read: aim at the label and retry</source>
        <translation>No barcode could be read: aim at the label and retry</translation>
    </message>
    <message>
        <source>Printer problem: the work is saved, retry printing</source>
        <translation>Printer problem: the work is saved, retry printing</translation>
    </message>
    <message>
        <source>The meter does not answer: hold the probe on its window and retry</source>
        <translation>The meter does not answer: hold the probe on its window and retry</translation>
    </message>
    <message>
        <source>The meter refused the operation</source>
        <translation>The meter refused the operation</translation>
    </message>
    <message>
        <source>Infrared link problem: retry</source>
        <translation>Infrared link problem: retry</translation>
    </message>
    <message>
        <source>Device problem</source>
        <translation>Device problem</translation>
    </message>
    <message>
        <source>Read card</source>
        <translation>Read card</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Write card</source>
        <translation>Write card</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Card read. Tap the amount the customer pays.</source>
        <translation>Card read. Tap the amount the customer pays.</translation>
    </message>
    <message>
        <source>The centre confirmed the purchase. Keep the card in the reader and write it.</source>
        <translation>The centre confirmed the purchase. Keep the card in the reader and write it.</translation>
    </message>
    <message>
        <source>Credited: the card now holds %1 yuan (purchase %2).</source>
        <translation>Credited: the card now holds %1 yuan (purchase %2).</translation>
    </message>
    <message>
        <source>The card already held this purchase: nothing was credited twice.</source>
        <translation>The card already held this purchase: nothing was credited twice.</translation>
    </message>
    <message>
        <source>%1 confirmed purchase(s) written to the card.</source>
        <translation>%1 confirmed purchase(s) written to the card.</translation>
    </message>
    <message>
        <source>No confirmed purchase is waiting for this card.</source>
        <translation>No confirmed purchase is waiting for this card.</translation>
    </message>
    <message>
        <source>Payment reference %1 scanned.</source>
        <translation>Payment reference %1 scanned.</translation>
    </message>
    <message>
        <source>Receipt printed: give it to the customer.</source>
        <translation>Receipt printed: give it to the customer.</translation>
    </message>
    <message>
        <source>Tap an amount first.</source>
        <translation>Tap an amount first.</translation>
    </message>
    <message>
        <source>Scan the customer&apos;s payment code first.</source>
        <translation>Scan the customer&apos;s payment code first.</translation>
    </message>
    <message>
        <source>Blank card: scan the barcode on the customer&apos;s meter to open the card for them.</source>
        <translation>Blank card: scan the barcode on the customer&apos;s meter to open the card for them.</translation>
    </message>
    <message>
        <source>Scan the meter&apos;s barcode first.</source>
        <translation>Scan the meter&apos;s barcode first.</translation>
    </message>
    <message>
        <source>Meter %1 scanned. Tap the first purchase and how the customer pays.</source>
        <translation>Meter %1 scanned. Tap the first purchase and how the customer pays.</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>QR payment</source>
        <translation>QR payment</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Card</translation>
    </message>
    <message>
        <source>Blank, to be opened</source>
        <translation>Blank, to be opened</translation>
    </message>
    <message>
        <source>Customer no.</source>
        <translation>Customer no.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Meter</translation>
    </message>
    <message>
        <source>Balance on the card</source>
        <translation>Balance on the card</translation>
    </message>
    <message>
        <source>Purchases so far</source>
        <translation>Purchases so far</translation>
    </message>
    <message>
        <source>The card operation did not finish: nothing was lost. Keep the card in the reader and try again</source>
        <translation>The card operation did not finish: nothing was lost. Keep the card in the reader and try again</translation>
    </message>
    <message>
        <source>Credited: the card holds all %1 purchases the centre issued. Nothing is written again.</source>
        <translation>Credited: the card holds all %1 purchases the centre issued. Nothing is written again.</translation>
    </message>
    <message>
        <source>Not credited: purchase %1 was missing from the card. %2 yuan written now; the card holds %3 yuan.</source>
        <translation>Not credited: purchase %1 was missing from the card. %2 yuan written now; the card holds %3 yuan.</translation>
    </message>
    <message>
        <source>This handheld&apos;s unfinished purchase was written: the card holds %3 yuan.</source>
        <translation>This handheld&apos;s unfinished purchase was written: the card holds %3 yuan.</translation>
    </message>
    <message>
        <source>Refused: the card shows %1 purchases, but the centre cannot issue the next one again. Nothing was written; the centre has recorded it. Call the metering centre.</source>
        <translation>Refused: the card shows %1 purchases, but the centre cannot issue the next one again. Nothing was written; the centre has recorded it. Call the metering centre.</translation>
    </message>
    <message>
        <source>Refused: the missing purchase was cancelled at the centre (its payment returned). Nothing was written.</source>
        <translation>Refused: the missing purchase was cancelled at the centre (its payment returned). Nothing was written.</translation>
    </message>
    <message>
        <source>Refused: the card shows %1 purchases, the centre issued only %2. Nothing was written; the centre has recorded it. Call the metering centre.</source>
        <translation>Refused: the card shows %1 purchases, the centre issued only %2. Nothing was written; the centre has recorded it. Call the metering centre.</translation>
    </message>
    <message>
        <source>The centre issued no purchase for this card: there is nothing to write.</source>
        <translation>The centre issued no purchase for this card: there is nothing to write.</translation>
    </message>
    <message>
        <source>The meter has taken purchases up to %1: insert the card into the meter to transfer the rest.</source>
        <translation>The meter has taken purchases up to %1: insert the card into the meter to transfer the rest.</translation>
    </message>
    <message>
        <source>Card parameters written and checked: the card carries the centre&apos;s tariff now.</source>
        <translation>Card parameters written and checked: the card carries the centre&apos;s tariff now.</translation>
    </message>
</context>
<context>
    <name>ReplacementView</name>
    <message>
        <source>All %1 steps done · %2</source>
        <translation>All %1 steps done · %2</translation>
    </message>
    <message>
        <source>Step %1 of %2 · %3</source>
        <translation>Step %1 of %2 · %3</translation>
    </message>
</context>
<context>
    <name>SealStep</name>
    <message>
        <source>1. Choose where the seal goes. 2. Scan the seal. Seal at least the terminal cover and the meter cover.</source>
        <translation>1. Choose where the seal goes. 2. Scan the seal. Seal at least the terminal cover and the meter cover.</translation>
    </message>
    <message>
        <source>New meter</source>
        <translation>New meter</translation>
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
        <source>Initial reading</source>
        <translation>Initial reading</translation>
    </message>
    <message>
        <source>Seals so far: %1</source>
        <translation>Seals so far: %1</translation>
    </message>
    <message>
        <source>Scan the seal</source>
        <translation>Scan the seal</translation>
    </message>
    <message>
        <source>Sealing done</source>
        <translation>Sealing done</translation>
    </message>
</context>
<context>
    <name>SessionModel</name>
    <message>
        <source>Opening the terminal&apos;s data…</source>
        <translation>Opening the terminal&apos;s data…</translation>
    </message>
    <message>
        <source>Enrolled. Fetching the team…</source>
        <translation>Enrolled. Fetching the team…</translation>
    </message>
    <message>
        <source>Loading today&apos;s work orders…</source>
        <translation>Loading today&apos;s work orders…</translation>
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
        <source>This handheld knows no one of its team yet: it fills in at the next sync. Check the mobile signal.</source>
        <translation>This handheld knows no one of its team yet: it fills in at the next sync. Check the mobile signal.</translation>
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
    <name>StockView</name>
    <message>
        <source>%1 meters · %2 seals</source>
        <translation>%1 meters · %2 seals</translation>
    </message>
    <message>
        <source>Issue to %1:</source>
        <translation>Issue to %1:</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Meter</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>Seal</translation>
    </message>
    <message>
        <source>Scan the asset number</source>
        <translation>Scan the asset number</translation>
    </message>
    <message>
        <source>Scan the seal number</source>
        <translation>Scan the seal number</translation>
    </message>
    <message>
        <source>Meter address (12 digits)</source>
        <translation>Meter address (12 digits)</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Issue</translation>
    </message>
    <message>
        <source>Holds nothing.</source>
        <translation>Holds nothing.</translation>
    </message>
    <message>
        <source>Take back</source>
        <translation>Take back</translation>
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
        <source>Dispatch</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>Prepaid account</source>
        <translation>Prepaid account</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Administration</translation>
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
    <name>TariffStep</name>
    <message>
        <source>Hold the probe on the new meter, then write the tariff. It is read back and compared.</source>
        <translation>Hold the probe on the new meter, then write the tariff. It is read back and compared.</translation>
    </message>
    <message>
        <source>Prices in the meter (read back)</source>
        <translation>Prices in the meter (read back)</translation>
    </message>
    <message>
        <source>Set the tariff</source>
        <translation>Set the tariff</translation>
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
        <source>Prepaid recharge at the door</source>
        <translation>Prepaid recharge at the door</translation>
    </message>
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
    <name>TerminalMessages</name>
    <message>
        <source>This is not a MeterField enrolment code. Scan the QR code the administrator printed for this handheld.</source>
        <translation>This is not a MeterField enrolment code. Scan the QR code the administrator printed for this handheld.</translation>
    </message>
    <message>
        <source>The centre does not know this enrolment code. Ask the administrator for a new one.</source>
        <translation>The centre does not know this enrolment code. Ask the administrator for a new one.</translation>
    </message>
    <message>
        <source>This enrolment code has already been used. Each code works once: ask the administrator for a new one.</source>
        <translation>This enrolment code has already been used. Each code works once: ask the administrator for a new one.</translation>
    </message>
    <message>
        <source>This enrolment code has expired. Ask the administrator for a new one.</source>
        <translation>This enrolment code has expired. Ask the administrator for a new one.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not the one in the code: this may not be your centre. Nothing was sent. Tell the administrator.</source>
        <translation>The server&apos;s certificate is not the one in the code: this may not be your centre. Nothing was sent. Tell the administrator.</translation>
    </message>
    <message>
        <source>The centre cannot be reached. Check the mobile signal and scan again.</source>
        <translation>The centre cannot be reached. Check the mobile signal and scan again.</translation>
    </message>
    <message>
        <source>The centre is not answering right now. Scan again in a moment.</source>
        <translation>The centre is not answering right now. Scan again in a moment.</translation>
    </message>
    <message>
        <source>This enrolment code is from a newer version of the centre. Update the app first.</source>
        <translation>This enrolment code is from a newer version of the centre. Update the app first.</translation>
    </message>
    <message>
        <source>The server address in this code is not secure (https). Tell the administrator.</source>
        <translation>The server address in this code is not secure (https). Tell the administrator.</translation>
    </message>
    <message>
        <source>This handheld has been locked by the centre. Give it to the administrator.</source>
        <translation>This handheld has been locked by the centre. Give it to the administrator.</translation>
    </message>
    <message>
        <source>This handheld&apos;s key store is missing or wrong: ask the administrator to enrol it again.</source>
        <translation>This handheld&apos;s key store is missing or wrong: ask the administrator to enrol it again.</translation>
    </message>
    <message>
        <source>No QR code was seen. Hold the camera over the code and scan again.</source>
        <translation>No QR code was seen. Hold the camera over the code and scan again.</translation>
    </message>
    <message>
        <source>This handheld has no working camera or scanner. Set one up in the device settings.</source>
        <translation>This handheld has no working camera or scanner. Set one up in the device settings.</translation>
    </message>
    <message>
        <source>Enrolment did not work. Scan again, or ask the administrator.</source>
        <translation>Enrolment did not work. Scan again, or ask the administrator.</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left before this user is locked.</source>
        <translation>Wrong PIN. %1 tries left before this user is locked.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: this user is locked. A team leader can unlock it.</source>
        <translation>Too many wrong PINs: this user is locked. A team leader can unlock it.</translation>
    </message>
    <message>
        <source>This handheld does not know this person. Sync, then try again.</source>
        <translation>This handheld does not know this person. Sync, then try again.</translation>
    </message>
    <message>
        <source>This handheld is not enrolled yet. Scan the administrator&apos;s enrolment QR code.</source>
        <translation>This handheld is not enrolled yet. Scan the administrator&apos;s enrolment QR code.</translation>
    </message>
    <message>
        <source>This person is not in this handheld&apos;s team and cannot sign in on it.</source>
        <translation>This person is not in this handheld&apos;s team and cannot sign in on it.</translation>
    </message>
    <message>
        <source>No PIN has been set for this person yet. Ask the administrator.</source>
        <translation>No PIN has been set for this person yet. Ask the administrator.</translation>
    </message>
    <message>
        <source>No badge was read. Hold the badge&apos;s barcode in front of the scanner and try again.</source>
        <translation>No badge was read. Hold the badge&apos;s barcode in front of the scanner and try again.</translation>
    </message>
    <message>
        <source>This badge does not belong to anyone in this handheld&apos;s team.</source>
        <translation>This badge does not belong to anyone in this handheld&apos;s team.</translation>
    </message>
    <message>
        <source>Only a team leader of this team can unlock a user.</source>
        <translation>Only a team leader of this team can unlock a user.</translation>
    </message>
    <message>
        <source>Sign-in did not work. Try again.</source>
        <translation>Sign-in did not work. Try again.</translation>
    </message>
    <message>
        <source>Infrared probe</source>
        <translation>Infrared probe</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <source>GPS</source>
        <translation>GPS</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Not set up</source>
        <translation>Not set up</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <source>Connected, no meter in front</source>
        <translation>Connected, no meter in front</translation>
    </message>
    <message>
        <source>Connected, no position yet</source>
        <translation>Connected, no position yet</translation>
    </message>
    <message>
        <source>Needs paper or the cover closed</source>
        <translation>Needs paper or the cover closed</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>No connection to the centre: will retry</source>
        <translation>No connection to the centre: will retry</translation>
    </message>
    <message>
        <source>The centre is busy: will retry</source>
        <translation>The centre is busy: will retry</translation>
    </message>
    <message>
        <source>The centre&apos;s answer could not be read: update the app</source>
        <translation>The centre&apos;s answer could not be read: update the app</translation>
    </message>
    <message>
        <source>The handheld&apos;s database failed: will retry. Tell the administrator if this stays.</source>
        <translation>The handheld&apos;s database failed: will retry. Tell the administrator if this stays.</translation>
    </message>
    <message>
        <source>The handheld&apos;s storage is full: sync stops until space is freed</source>
        <translation>The handheld&apos;s storage is full: sync stops until space is freed</translation>
    </message>
    <message>
        <source>%1 records damaged: reported to the centre</source>
        <translation>%1 records damaged: reported to the centre</translation>
    </message>
    <message>
        <source>%1 records damaged: they will be reported to the centre</source>
        <translation>%1 records damaged: they will be reported to the centre</translation>
    </message>
    <message>
        <source>Customer not at home</source>
        <translation>Customer not at home</translation>
    </message>
    <message>
        <source>Meter cannot be reached</source>
        <translation>Meter cannot be reached</translation>
    </message>
    <message>
        <source>Meter broken or not answering</source>
        <translation>Meter broken or not answering</translation>
    </message>
    <message>
        <source>Customer refuses the work</source>
        <translation>Customer refuses the work</translation>
    </message>
    <message>
        <source>The photo could not be taken. Check the camera and tap the reason again: nothing was saved.</source>
        <translation>The photo could not be taken. Check the camera and tap the reason again: nothing was saved.</translation>
    </message>
    <message>
        <source>The order could not be ended. Sync and try again: nothing was saved.</source>
        <translation>The order could not be ended. Sync and try again: nothing was saved.</translation>
    </message>
    <message>
        <source>The handheld&apos;s devices are still being prepared. Try again in a moment.</source>
        <translation>The handheld&apos;s devices are still being prepared. Try again in a moment.</translation>
    </message>
    <message>
        <source>Order ended unfinished (%1). The centre gets it with the photo at the next sync.</source>
        <translation>Order ended unfinished (%1). The centre gets it with the photo at the next sync.</translation>
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
