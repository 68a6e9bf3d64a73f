import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Step 6: write the order's tariff to the new meter with the task's authorisation, read it back.
StepPage {
    objectName: "tariffStep"
    spacing: metrics.spacing
    StepHint { text: qsTr("Hold the probe on the new meter, then write the tariff. It is read back and compared.") }
    ReadingTable {
        Layout.fillWidth: true
        title: replacement.tariffPrices.length ? qsTr("Prices in the meter (read back)") : ""
        rows: replacement.tariffPrices
    }
    actions: [
        BigButton {
            objectName: "setTariffButton"
            Layout.fillWidth: true
            Layout.preferredHeight: metrics.touch * 1.5
            highlighted: true
            enabled: !replacement.busy
            text: qsTr("Set the tariff")
            onClicked: replacement.setTariff()
        }
    ]
}
