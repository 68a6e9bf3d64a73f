import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Step 5: choose where the seal goes, scan it; repeat; at least two seals, then done.
StepPage {
    objectName: "sealStep"
    spacing: metrics.spacing
    StepHint { text: qsTr("1. Choose where the seal goes. 2. Scan the seal. Seal at least the terminal cover and the meter cover.") }
    InfoCard {
        Layout.fillWidth: true
        title: qsTr("New meter")
        rows: [[qsTr("Asset no."), replacement.newMeter.assetNo || ""],
               [qsTr("Meter address"), replacement.newMeter.address || ""],
               [qsTr("Initial reading"), replacement.newMeter.initialTotal || ""]]
    }
    GridLayout {
        Layout.fillWidth: true
        columns: 2
        columnSpacing: metrics.spacing
        rowSpacing: metrics.spacing
        Repeater {
            model: replacement.positions
            delegate: BigButton {
                required property var modelData
                objectName: "position_" + modelData.code
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                highlighted: replacement.position === modelData.code
                enabled: !replacement.busy
                text: (replacement.position === modelData.code ? "✓ " : "") + modelData.label
                onClicked: replacement.choosePosition(modelData.code)
            }
        }
    }
    Label {
        text: qsTr("Seals so far: %1").arg(replacement.seals.length)
        font.pixelSize: metrics.fontLarge
        font.bold: true
        color: Theme.accent
    }
    Repeater {
        model: replacement.seals
        delegate: Rectangle {
            id: seal
            required property var modelData
            required property int index
            Layout.fillWidth: true
            implicitHeight: metrics.touch
            border.color: Theme.rule
            border.width: 1
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: metrics.spacing
                anchors.rightMargin: metrics.spacing
                Label {
                    text: (seal.index + 1) + ". " + seal.modelData.positionLabel
                    font.pixelSize: metrics.fontBody
                    Layout.fillWidth: true
                }
                Label {
                    text: seal.modelData.sealNo
                    font.pixelSize: metrics.fontLarge
                    font.bold: true
                }
            }
        }
    }
    actions: [
        BigButton {
            objectName: "scanSealButton"
            Layout.fillWidth: true
            Layout.preferredHeight: metrics.touch * 1.3
            highlighted: replacement.position !== ""
            enabled: !replacement.busy
            text: qsTr("Scan the seal")
            onClicked: replacement.scanSeal()
        },
        BigButton {
            objectName: "finishSealingButton"
            Layout.fillWidth: true
            enabled: !replacement.busy
            text: qsTr("Sealing done")
            onClicked: replacement.finishSealing()
        }
    ]
}
