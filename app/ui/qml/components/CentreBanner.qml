import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The last refusal (red) or the last success of a centre screen, and a busy line while it talks.
Rectangle {
    id: banner
    property var screen  // a CentreScreen view-model: busy, error, notice
    readonly property string shownText: screen.error !== "" ? screen.error
        : screen.busy ? qsTr("Asking the centre…") : screen.notice
    visible: shownText !== ""
    implicitHeight: visible ? line.implicitHeight + metrics.spacing * 2 : 0
    color: screen.error !== "" ? Theme.urgent : Theme.surface
    Label {
        id: line
        objectName: "centreBanner"
        anchors.fill: parent
        anchors.margins: metrics.spacing
        text: banner.shownText
        color: banner.screen.error !== "" ? Theme.inverse : Theme.text
        font.pixelSize: metrics.fontBody
        font.bold: true
        wrapMode: Text.Wrap
        verticalAlignment: Text.AlignVCenter
    }
}
