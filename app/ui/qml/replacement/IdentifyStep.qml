import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Step 1: scan the old meter's barcode; the service checks it and the infrared address.
StepPage {
    objectName: "identifyStep"
    spacing: metrics.spacing
    Rectangle {
        objectName: "mismatchBox"
        visible: replacement.mismatch.scanned !== undefined
        Layout.fillWidth: true
        implicitHeight: mismatch.implicitHeight + metrics.spacing * 2
        color: Theme.background
        border.color: Theme.urgent
        border.width: Math.max(3, Math.round(metrics.dp * 3))
        InfoCard {
            id: mismatch
            anchors.fill: parent
            anchors.margins: metrics.spacing
            title: qsTr("Not the meter of this order")
            rows: [[qsTr("Scanned"), replacement.mismatch.scanned || ""],
                   [qsTr("Archive"), replacement.mismatch.expected || ""]]
        }
    }
    StepHint { text: qsTr("Aim the camera at the old meter's barcode, hold the infrared probe on its window, then scan.") }
    InfoCard {
        Layout.fillWidth: true
        title: qsTr("The meter on this order")
        rows: [[qsTr("Asset no."), replacement.order.oldAsset || ""],
               [qsTr("Meter address"), replacement.order.oldAddress || ""],
               [qsTr("Customer"), replacement.order.customer || ""],
               [qsTr("Address"), replacement.order.address || ""]]
    }
    actions: [
        BigButton {
            objectName: "scanOldButton"
            Layout.fillWidth: true
            Layout.preferredHeight: metrics.touch * 1.5
            highlighted: true
            enabled: !replacement.busy
            text: qsTr("Scan the old meter's barcode")
            onClicked: replacement.scanOld()
        },
        BigButton {
            objectName: "tagOldButton"
            visible: replacement.tagReader
            Layout.fillWidth: true
            enabled: !replacement.busy
            text: qsTr("Read the old meter's RFID tag")
            onClicked: replacement.tagOld()
        }
    ]
}
