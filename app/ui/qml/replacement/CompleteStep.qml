import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Step 7: the summary, complete (stored for upload), then the customer's receipt.
StepPage {
    objectName: "completeStep"
    spacing: metrics.spacing
    StepHint {
        text: replacement.completed ? qsTr("The replacement is complete. Print the customer's receipt.")
              : qsTr("Check the summary, then complete the order.")
    }
    ReadingTable { Layout.fillWidth: true; title: qsTr("Summary"); rows: replacement.summary }
    ReadingTable {
        Layout.fillWidth: true
        title: replacement.tariffPrices.length ? qsTr("Tariff written and verified") : ""
        rows: replacement.tariffPrices
    }
    actions: [
        BigButton {
            objectName: "completeButton"
            visible: !replacement.completed
            Layout.fillWidth: true
            Layout.preferredHeight: metrics.touch * 1.5
            highlighted: true
            enabled: !replacement.busy
            text: qsTr("Complete and upload")
            onClicked: replacement.complete()
        },
        BigButton {
            objectName: "printButton"
            visible: replacement.completed
            Layout.fillWidth: true
            Layout.preferredHeight: metrics.touch * 1.5
            highlighted: !replacement.printed
            enabled: !replacement.busy
            text: replacement.printed ? qsTr("Print the receipt again")
                  : replacement.messageIsError ? qsTr("Retry printing") : qsTr("Print the receipt")
            onClicked: replacement.printReceipt()
        }
    ]
}
