import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A titled group of "name: value" lines. rows: [[name, value], ...]
ColumnLayout {
    id: card
    property string title: ""
    property var rows: []
    spacing: metrics.spacing / 2

    Label {
        text: card.title
        font.pixelSize: metrics.fontLarge
        font.bold: true
        color: Theme.accent
        Layout.topMargin: metrics.spacing
    }
    Rectangle { Layout.fillWidth: true; implicitHeight: 2; color: Theme.rule }
    Repeater {
        model: card.rows
        delegate: RowLayout {
            id: line
            required property var modelData
            Layout.fillWidth: true
            spacing: metrics.spacing
            Label {
                text: line.modelData[0]
                color: Theme.secondary
                font.pixelSize: metrics.fontSmall
                // both columns fill; the preferred widths are their 30:70 stretch ratio
                Layout.fillWidth: true
                Layout.preferredWidth: 30
                Layout.alignment: Qt.AlignTop
                wrapMode: Text.Wrap
            }
            Label {
                text: line.modelData[1]
                color: Theme.text
                font.pixelSize: metrics.fontBody
                font.bold: true
                wrapMode: Text.Wrap
                Layout.fillWidth: true
                Layout.preferredWidth: 70
            }
        }
    }
}
