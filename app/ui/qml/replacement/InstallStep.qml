import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Step 4: scan the new meter; the service checks it (assigned or from stock) and reads it.
StepPage {
    objectName: "installStep"
    spacing: metrics.spacing
    StepHint {
        text: replacement.newMeter.assetNo ? qsTr("New meter %1 installed.").arg(replacement.newMeter.assetNo)
              : qsTr("Mount the new meter, aim the camera at its barcode, hold the probe on its window, then scan.")
    }
    InfoCard {
        visible: !replacement.newMeter.assetNo
        Layout.fillWidth: true
        title: qsTr("The new meter of this order")
        rows: [[qsTr("Asset no."), replacement.order.newAsset || ""]]
    }
    ReadingTable {
        Layout.fillWidth: true
        title: replacement.newMeter.assetNo ? qsTr("New meter") : ""
        rows: replacement.newMeter.rows || []
    }
    actions: [
        BigButton {
            objectName: "scanNewButton"
            Layout.fillWidth: true
            Layout.preferredHeight: metrics.touch * 1.5
            highlighted: true
            enabled: !replacement.busy
            text: qsTr("Scan the new meter's barcode")
            onClicked: replacement.installNew()
        }
    ]
}
