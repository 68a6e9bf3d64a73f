import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Which devices answer, before an order starts: one line of marks (✓ ready, ✗ not, … checking);
// the whole strip is one touch target that checks again. Devices that are not set up are left out.
Rectangle {
    id: strip
    objectName: "deviceStrip"
    implicitHeight: Math.max(metrics.touch, flow.implicitHeight + metrics.spacing)
    color: tap.pressed ? Theme.surface : Theme.background
    radius: metrics.spacing
    border.color: Theme.rule
    border.width: Math.max(1, Math.round(metrics.dp))

    Flow {
        id: flow
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: metrics.spacing
        spacing: metrics.spacing

        Repeater {
            model: devices.devices
            delegate: Label {
                required property var modelData
                objectName: "device_" + modelData.device
                visible: modelData.state !== "not_configured"
                text: (modelData.ok ? "✓" : modelData.state === "checking" ? "…" : "✗") + " " + modelData.name
                color: modelData.ok ? Theme.ok : modelData.state === "checking" ? Theme.secondary : Theme.urgent
                font.pixelSize: metrics.fontSmall
                font.bold: true
            }
        }
    }
    TapHandler { id: tap; onTapped: devices.check() }
}
