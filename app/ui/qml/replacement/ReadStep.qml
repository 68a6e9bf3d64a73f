import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Step 2: the old meter's final reading, shown large to the customer.
StepPage {
    objectName: "readStep"
    spacing: metrics.spacing
    StepHint {
        text: replacement.readings.length ? qsTr("Final readings of meter %1. Show them to the customer.").arg(replacement.order.oldAsset || "")
              : qsTr("Hold the infrared probe on the old meter, then read its final readings.")
    }
    ReadingTable { Layout.fillWidth: true; rows: replacement.readings }
    actions: [
        BigButton {
            objectName: "readOldButton"
            Layout.fillWidth: true
            Layout.preferredHeight: metrics.touch * 1.5
            highlighted: true
            enabled: !replacement.busy
            text: qsTr("Read the final readings")
            onClicked: replacement.readOld()
        }
    ]
}
