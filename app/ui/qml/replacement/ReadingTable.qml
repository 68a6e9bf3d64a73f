import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Values read from a meter, large for the customer: rows of {label, value, unit, big}.
ColumnLayout {
    id: table
    property var rows: []
    property string title: ""
    spacing: metrics.spacing / 2

    Label {
        visible: table.title !== ""
        text: table.title
        font.pixelSize: metrics.fontLarge
        font.bold: true
        color: Theme.accent
    }
    Repeater {
        model: table.rows
        delegate: Rectangle {
            id: line
            required property var modelData
            Layout.fillWidth: true
            implicitHeight: cells.implicitHeight + metrics.spacing
            color: modelData.big ? Theme.surface : Theme.background
            border.color: Theme.rule
            border.width: 1
            RowLayout {
                id: cells
                anchors.fill: parent
                anchors.leftMargin: metrics.spacing
                anchors.rightMargin: metrics.spacing
                spacing: metrics.spacing
                Label {
                    text: line.modelData.label
                    font.pixelSize: metrics.fontBody
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                    Layout.preferredWidth: 30
                }
                Label {
                    text: line.modelData.value + (line.modelData.unit ? " " + line.modelData.unit : "")
                    font.pixelSize: line.modelData.big ? metrics.fontTitle * 1.4 : metrics.fontLarge
                    font.bold: true
                    horizontalAlignment: Text.AlignRight
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                    Layout.preferredWidth: 70
                }
            }
        }
    }
}
