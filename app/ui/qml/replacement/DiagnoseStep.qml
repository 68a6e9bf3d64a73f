import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Fault repair, step 2: read the faulty meter. If it does not answer, the technician records
// that with one tap (after a failed read), and the centre settles its final reading.
StepPage {
    objectName: "diagnoseStep"
    spacing: metrics.spacing
    StepHint {
        text: replacement.readings.length ? qsTr("Final readings of meter %1. Show them to the customer.").arg(replacement.order.oldAsset || "")
              : qsTr("Hold the infrared probe on the faulty meter and read it. If it still does not answer, record that.")
    }
    ReadingTable { Layout.fillWidth: true; rows: replacement.readings }
    actions: [
        BigButton {
            objectName: "diagnoseReadButton"
            Layout.fillWidth: true
            Layout.preferredHeight: metrics.touch * 1.5
            highlighted: true
            enabled: !replacement.busy
            text: qsTr("Read the faulty meter")
            onClicked: replacement.diagnose(false)
        },
        BigButton {
            objectName: "diagnoseDeadButton"
            visible: replacement.messageIsError
            Layout.fillWidth: true
            enabled: !replacement.busy
            text: qsTr("It does not answer: record it")
            onClicked: replacement.diagnose(true)
        }
    ]
}
