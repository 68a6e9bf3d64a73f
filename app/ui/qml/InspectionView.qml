import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"
import "replacement"

// The guided meter inspection: one step a screen (identify, read, photos and seals, upload),
// every value from a device, every choice a tap.
Rectangle {
    id: view
    objectName: "inspectionView"
    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: metrics.spacing * 2
        spacing: metrics.spacing

        RowLayout {   // where the technician is: the steps, the current one filled
            Layout.fillWidth: true
            spacing: metrics.spacing / 2
            Repeater {
                model: inspection.stepLabels
                delegate: Rectangle {
                    required property string modelData
                    required property int index
                    Layout.fillWidth: true
                    implicitHeight: stepName.implicitHeight + metrics.spacing
                    radius: metrics.spacing / 2
                    color: index === inspection.stepIndex ? Theme.accent : Theme.background
                    border.color: Theme.text
                    border.width: Math.max(1, Math.round(metrics.dp))
                    Label {
                        id: stepName
                        anchors.centerIn: parent
                        width: parent.width - metrics.spacing
                        horizontalAlignment: Text.AlignHCenter
                        text: (index + 1) + " " + modelData
                        font.pixelSize: metrics.fontSmall
                        font.bold: true
                        elide: Text.ElideRight
                        color: index === inspection.stepIndex ? Theme.inverse : Theme.text
                    }
                }
            }
        }
        Label {
            text: (inspection.order.customer || "") + " · " + (inspection.order.assetNo || "")
            font.pixelSize: metrics.fontBody
            font.bold: true
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Label {
            objectName: "inspectionMessage"
            visible: inspection.message !== ""
            text: inspection.message
            color: inspection.isError ? Theme.urgent : Theme.ok
            font.pixelSize: inspection.isError ? metrics.fontLarge : metrics.fontBody
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        StepPage {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Label {
                visible: inspection.step === "identify" || inspection.step === "read"
                text: (inspection.order.address || "") + "\n\n" + (inspection.step === "identify"
                      ? qsTr("Aim the camera at the meter's barcode and put the infrared probe on its window, then tap below.")
                      : qsTr("Keep the probe on the meter's window while it is read (about half a minute)."))
                wrapMode: Text.Wrap
                font.pixelSize: metrics.fontLarge
                Layout.fillWidth: true
            }
            ReadingTable {
                objectName: "inspectCorrection"
                Layout.fillWidth: true
                visible: inspection.correction.length > 0
                title: qsTr("The centre asks to correct this meter")
                rows: inspection.correction
            }
            ReadingTable {
                objectName: "inspectCorrected"
                Layout.fillWidth: true
                visible: inspection.corrected.length > 0
                title: qsTr("Written and read back: the meter now holds")
                rows: inspection.corrected
            }
            ReadingTable {
                Layout.fillWidth: true
                visible: inspection.readings.length > 0
                title: inspection.corrected.length > 0 ? qsTr("As found, before the correction")
                                                       : qsTr("Read from the meter")
                rows: inspection.readings
            }
            Label {
                visible: inspection.step === "evidence"
                text: qsTr("Photos: %1").arg(inspection.photos)
                font.pixelSize: metrics.fontBody
            }
            Flow {
                visible: inspection.step === "evidence"
                Layout.fillWidth: true
                spacing: metrics.spacing
                Repeater {
                    model: inspection.positions
                    delegate: BigButton {
                        required property var modelData
                        objectName: "inspectPosition_" + modelData.code
                        text: modelData.label
                        highlighted: inspection.position === modelData.code
                        font.pixelSize: metrics.fontBody
                        onClicked: inspection.choosePosition(modelData.code)
                    }
                }
            }
            Repeater {
                model: inspection.sealsSeen
                delegate: Label {
                    required property var modelData
                    text: modelData.positionLabel + "  " + modelData.sealNo
                    font.pixelSize: metrics.fontBody
                }
            }
            Label {
                visible: inspection.step === "done" && inspection.correction.length === 0
                         && inspection.corrected.length === 0
                text: qsTr("The inspection is stored. The centre compares it with the archive and tells the team leader what it finds; a correction it asks for appears here after the next sync.")
                wrapMode: Text.Wrap
                font.pixelSize: metrics.fontLarge
                Layout.fillWidth: true
            }

            actions: [
                BigButton {
                    objectName: "inspectIdentify"
                    visible: inspection.step === "identify"
                    Layout.fillWidth: true
                    highlighted: true
                    enabled: !inspection.busy
                    text: inspection.busy ? qsTr("Please wait…") : qsTr("Scan the meter's barcode")
                    onClicked: inspection.identify()
                },
                BigButton {
                    objectName: "inspectTag"
                    visible: inspection.step === "identify" && inspection.tagReader
                    Layout.fillWidth: true
                    enabled: !inspection.busy
                    text: qsTr("Read the meter's RFID tag")
                    onClicked: inspection.identifyByTag()
                },
                BigButton {
                    objectName: "inspectRead"
                    visible: inspection.step === "read"
                    Layout.fillWidth: true
                    highlighted: true
                    enabled: !inspection.busy
                    text: inspection.busy ? qsTr("Reading…") : qsTr("Read the meter over infrared")
                    onClicked: inspection.readMeter()
                },
                RowLayout {
                    visible: inspection.step === "evidence"
                    Layout.fillWidth: true
                    spacing: metrics.spacing
                    BigButton {
                        objectName: "inspectPhoto"
                        Layout.fillWidth: true
                        enabled: !inspection.busy
                        text: qsTr("Photo of the meter")
                        onClicked: inspection.takePhoto()
                    }
                    BigButton {
                        objectName: "inspectSeal"
                        Layout.fillWidth: true
                        enabled: !inspection.busy
                        text: qsTr("Scan a seal")
                        onClicked: inspection.scanSeal()
                    }
                },
                BigButton {
                    objectName: "inspectEvidenceDone"
                    visible: inspection.step === "evidence"
                    Layout.fillWidth: true
                    highlighted: true
                    enabled: !inspection.busy && inspection.photos > 0
                    text: qsTr("Next")
                    onClicked: inspection.finishEvidence()
                },
                BigButton {
                    objectName: "inspectCorrect"
                    visible: inspection.step === "done" && inspection.correction.length > 0
                    Layout.fillWidth: true
                    highlighted: true
                    enabled: !inspection.busy
                    text: inspection.busy ? qsTr("Writing…") : qsTr("Write the correction to the meter")
                    onClicked: inspection.applyCorrection()
                },
                BigButton {
                    objectName: "inspectComplete"
                    visible: inspection.step === "upload"
                    Layout.fillWidth: true
                    highlighted: true
                    enabled: !inspection.busy
                    text: qsTr("Store and upload")
                    onClicked: inspection.complete()
                }
            ]
        }
    }
}
