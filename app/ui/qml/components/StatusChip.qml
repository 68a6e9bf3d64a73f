import QtQuick
import QtQuick.Controls

// A status always shown as text; the fill only repeats what the text says.
Rectangle {
    id: chip
    property string code: ""
    property string text: ""
    readonly property bool active: code === "in_progress"
    readonly property bool finished: code === "completed" || code === "uploaded" || code === "accepted"
    implicitWidth: label.implicitWidth + metrics.spacing * 2
    implicitHeight: label.implicitHeight + metrics.spacing
    radius: height / 4
    color: active ? Theme.accent : finished ? Theme.ok : Theme.background
    border.color: active ? Theme.accent : finished ? Theme.ok : Theme.text
    border.width: Math.max(2, Math.round(metrics.dp * 1.5))

    Label {
        id: label
        anchors.centerIn: parent
        text: chip.text
        font.pixelSize: metrics.fontSmall
        font.bold: true
        color: chip.active || chip.finished ? Theme.inverse : Theme.text
    }
}
