import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// First start of a handheld that belongs to no one: scan the administrator's QR code.
Item {
    id: view
    objectName: "enrolView"

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: metrics.spacing * 2
        spacing: metrics.spacing * 2

        Label {
            text: qsTr("Set up this handheld")
            font.pixelSize: metrics.fontTitle
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            text: qsTr("Ask the administrator for this handheld's enrolment QR code, hold the camera over it and tap Scan. Nothing needs to be typed.")
            font.pixelSize: metrics.fontBody
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        BigButton {
            objectName: "scanEnrolment"
            text: enrolment.busy ? qsTr("Enrolling…") : qsTr("Scan the enrolment QR code")
            enabled: !enrolment.busy
            highlighted: true
            Layout.fillWidth: true
            Layout.preferredHeight: metrics.touch * 1.6
            onClicked: enrolment.scan()
        }
        Label {
            objectName: "enrolError"
            visible: enrolment.error !== ""
            text: enrolment.error
            color: Theme.urgent
            font.pixelSize: metrics.fontLarge
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "enrolledAs"
            visible: enrolment.isEnrolled
            text: enrolment.belongsTo
            color: Theme.ok
            font.pixelSize: metrics.fontLarge
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Item { Layout.fillHeight: true }
        DeviceStrip { Layout.fillWidth: true }
        BigButton {
            objectName: "openDevices"
            text: qsTr("Device settings")
            Layout.fillWidth: true
            onClicked: session.openDevices(true)
        }
    }
}
