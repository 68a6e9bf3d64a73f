import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// Device settings: each device's state, and its port chosen from what this handheld has.
Rectangle {
    objectName: "devicesView"
    color: Theme.background
    Component.onCompleted: devices.check()

ListView {
    id: list
    anchors.fill: parent
    clip: true
    model: devices.devices
    spacing: metrics.spacing
    leftMargin: metrics.spacing * 2
    rightMargin: metrics.spacing * 2
    topMargin: metrics.spacing * 2
    bottomMargin: metrics.spacing * 2

    header: ColumnLayout {
        width: list.width - list.leftMargin - list.rightMargin
        spacing: metrics.spacing
        Label {
            text: qsTr("Devices of this handheld")
            font.pixelSize: metrics.fontTitle
            font.bold: true
            Layout.fillWidth: true
        }
        BigButton {
            objectName: "checkDevices"
            text: devices.checking ? qsTr("Checking…") : qsTr("Check all devices")
            enabled: !devices.checking
            highlighted: true
            Layout.fillWidth: true
            onClicked: devices.check()
        }
    }

    delegate: Rectangle {
        id: row
        required property var modelData
        objectName: "deviceRow_" + modelData.device
        width: ListView.view.width - list.leftMargin - list.rightMargin
        height: column.implicitHeight + metrics.spacing * 2
        color: Theme.background
        border.color: Theme.rule
        border.width: Math.max(1, Math.round(metrics.dp))
        radius: metrics.spacing
        ColumnLayout {
            id: column
            anchors.fill: parent
            anchors.margins: metrics.spacing
            spacing: metrics.spacing / 2
            RowLayout {
                Layout.fillWidth: true
                Label {
                    text: row.modelData.name
                    font.pixelSize: metrics.fontLarge
                    font.bold: true
                    Layout.fillWidth: true
                }
                Label {
                    text: row.modelData.stateLabel
                    color: row.modelData.ok ? Theme.ok : Theme.urgent
                    font.pixelSize: metrics.fontBody
                    font.bold: true
                }
            }
            Label {
                visible: row.modelData.setting !== ""
                text: row.modelData.setting
                font.pixelSize: metrics.fontSmall
                elide: Text.ElideMiddle
                Layout.fillWidth: true
            }
            Flow {
                Layout.fillWidth: true
                spacing: metrics.spacing
                visible: row.modelData.choosable && row.modelData.options.length > 1
                Repeater {
                    model: row.modelData.options
                    delegate: BigButton {
                        required property string modelData
                        text: modelData
                        highlighted: modelData === row.modelData.setting
                        font.pixelSize: metrics.fontSmall
                        onClicked: devices.choose(row.modelData.device, modelData)
                    }
                }
            }
        }
    }
}
}
