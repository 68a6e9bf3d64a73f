import QtQuick
import QtQuick.Controls
import "components"

// The header of one section of a list (family · status, or a technician).
Rectangle {
    id: header
    required property string section
    width: ListView.view ? ListView.view.width : 0
    height: Math.round(metrics.touch * 0.7)
    color: Theme.accent
    Label {
        anchors.verticalCenter: parent.verticalCenter
        x: metrics.spacing * 2
        width: parent.width - x * 2
        text: header.section
        color: Theme.inverse
        font.pixelSize: metrics.fontBody
        font.bold: true
        elide: Text.ElideRight
    }
}
