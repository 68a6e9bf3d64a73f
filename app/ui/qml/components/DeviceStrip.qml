import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Which devices answer, before an order starts: one chip per device, tap to check again.
Flow {
    id: strip
    objectName: "deviceStrip"
    spacing: metrics.spacing

    Repeater {
        model: devices.devices
        delegate: Rectangle {
            id: chip
            required property var modelData
            objectName: "device_" + modelData.device
            visible: modelData.state !== "not_configured"
            width: chipText.implicitWidth + metrics.spacing * 2
            height: metrics.touch
            radius: metrics.spacing
            color: modelData.ok ? Theme.ok : modelData.state === "checking" ? Theme.surface : Theme.urgent
            Label {
                id: chipText
                anchors.centerIn: parent
                text: (chip.modelData.ok ? "✓ " : chip.modelData.state === "checking" ? "… " : "✗ ")
                      + chip.modelData.name
                color: chip.modelData.state === "checking" ? Theme.text : Theme.inverse
                font.pixelSize: metrics.fontSmall
                font.bold: true
            }
            TapHandler { onTapped: devices.check() }
        }
    }
}
