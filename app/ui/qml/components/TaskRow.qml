import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One work order in the list: fixed height (smooth scrolling over thousands of rows).
Rectangle {
    id: row
    required property string orderNo
    required property string customerName
    required property string address
    required property string assetNo
    required property string timeWindow
    required property string statusCode
    required property string statusLabel
    required property string kindLabel
    required property bool urgent
    signal activated(string orderNo)

    height: metrics.rowHeight
    color: tap.pressed ? Theme.surface : Theme.background

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: metrics.spacing * 2
        anchors.rightMargin: metrics.spacing * 2
        spacing: metrics.spacing * 2

        ColumnLayout {
            Layout.preferredWidth: metrics.touch * 1.1
            Layout.alignment: Qt.AlignVCenter
            spacing: 0
            Label { text: row.timeWindow; font.pixelSize: metrics.fontLarge; font.bold: true }
            Label {
                visible: row.urgent
                text: qsTr("Urgent")
                color: Theme.urgent
                font.pixelSize: metrics.fontSmall
                font.bold: true
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            spacing: 2
            RowLayout {
                Layout.fillWidth: true
                Label {
                    text: row.customerName + "  " + row.kindLabel
                    font.pixelSize: metrics.fontLarge
                    font.bold: true
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
                StatusChip { code: row.statusCode; text: row.statusLabel }
            }
            Label {
                text: row.address
                elide: Text.ElideMiddle
                font.pixelSize: metrics.fontBody
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("Asset no. %1").arg(row.assetNo)
                font.pixelSize: metrics.fontSmall
                color: Theme.secondary
                elide: Text.ElideLeft
                Layout.fillWidth: true
            }
        }
    }
    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: 1
        color: Theme.rule
    }
    TapHandler {
        id: tap
        onTapped: row.activated(row.orderNo)
    }
}
