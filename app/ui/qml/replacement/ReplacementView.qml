import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// The guided replacement: progress (always visible), the current step's screen, its message.
Rectangle {
    id: view
    objectName: "replacementView"
    color: Theme.background
    readonly property int total: replacement.stepNames.length
    readonly property int index: replacement.stepIndex

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: metrics.spacing * 2
        spacing: metrics.spacing

        Label {
            objectName: "progressLabel"
            text: replacement.completed ? qsTr("All %1 steps done · %2").arg(view.total).arg(replacement.order.orderNo || "")
                  : qsTr("Step %1 of %2 · %3").arg(view.index + 1).arg(view.total)
                    .arg(replacement.stepNames[view.index] || "")
            font.pixelSize: metrics.fontTitle
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Flow {
            objectName: "progressSteps"
            Layout.fillWidth: true
            spacing: metrics.spacing / 2
            Repeater {
                model: replacement.stepNames
                delegate: Rectangle {
                    id: chip
                    required property string modelData
                    required property int index
                    readonly property bool current: index === view.index
                    readonly property bool done: index < view.index
                    width: name.implicitWidth + metrics.spacing * 2
                    height: name.implicitHeight + metrics.spacing
                    color: current ? Theme.accent : Theme.background
                    border.color: Theme.rule
                    border.width: current ? 0 : 1
                    Label {
                        id: name
                        anchors.centerIn: parent
                        text: (chip.index + 1) + " " + chip.modelData + (chip.done ? " ✓" : "")
                        color: chip.current ? Theme.inverse : Theme.text
                        font.pixelSize: metrics.fontSmall
                        font.bold: chip.current
                    }
                }
            }
        }
        Rectangle { Layout.fillWidth: true; implicitHeight: 2; color: Theme.rule }

        Loader {
            id: screen
            objectName: "stepLoader"
            Layout.fillWidth: true
            Layout.fillHeight: true
            active: replacement.loaded
            source: {
                switch (replacement.step) {
                case "identify_old": return "IdentifyStep.qml"
                case "read_old": return "ReadStep.qml"
                case "diagnose": return "DiagnoseStep.qml"
                case "confirm": return "ConfirmStep.qml"
                case "install_new": return "InstallStep.qml"
                case "seal": return "SealStep.qml"
                case "set_tariff": return "TariffStep.qml"
                case "upload": return "CompleteStep.qml"
                case "done": return "CompleteStep.qml"
                default: return ""
                }
            }
        }

        Rectangle {
            objectName: "messageBox"
            visible: replacement.message !== ""
            Layout.fillWidth: true
            implicitHeight: messageLines.implicitHeight + metrics.spacing * 2
            color: replacement.messageIsError ? Theme.urgent : Theme.background
            border.color: replacement.messageIsError ? Theme.urgent : Theme.ok
            border.width: Math.max(3, Math.round(metrics.dp * 3))
            ColumnLayout {
                id: messageLines
                anchors.fill: parent
                anchors.margins: metrics.spacing
                spacing: metrics.spacing / 2
                // the heading large; the service's detail (what to do) below it
                Label {
                    objectName: "messageText"
                    text: (replacement.messageIsError ? "✗ " : "✓ ") + replacement.message.split("\n")[0]
                    color: replacement.messageIsError ? Theme.inverse : Theme.ok
                    font.pixelSize: metrics.fontLarge
                    font.bold: true
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Label {
                    visible: text !== ""
                    text: replacement.message.split("\n").slice(1).join("\n")
                    color: replacement.messageIsError ? Theme.inverse : Theme.ok
                    font.pixelSize: metrics.fontBody
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
            }
        }
    }
    BusyIndicator {
        objectName: "busyIndicator"
        anchors.centerIn: parent
        running: replacement.busy
        visible: running
    }
}
