import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"
import "replacement"

// Prepaid services at the door: read the card, tap the amount and how the customer pays, the
// centre confirms, write the card. A blank card is opened for the customer of the scanned meter;
// an open card can have its parameters written or a failed purchase repaired (the centre decides).
// Every value comes from the card, a tap or a scan (the keypad only when the customer insists).
Rectangle {
    id: view
    objectName: "rechargeView"
    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: metrics.spacing * 2
        spacing: metrics.spacing

        RowLayout {   // where the technician is: the steps, the current one filled
            Layout.fillWidth: true
            spacing: metrics.spacing / 2
            Repeater {
                model: recharge.stepLabels
                delegate: Rectangle {
                    required property string modelData
                    required property int index
                    Layout.fillWidth: true
                    implicitHeight: stepName.implicitHeight + metrics.spacing
                    radius: metrics.spacing / 2
                    color: index === recharge.stepIndex ? Theme.accent : Theme.background
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
                        color: index === recharge.stepIndex ? Theme.inverse : Theme.text
                    }
                }
            }
        }
        Label {
            objectName: "rechargeMessage"
            visible: recharge.message !== ""
            text: recharge.message
            color: recharge.isError ? Theme.urgent : Theme.ok
            font.pixelSize: recharge.isError ? metrics.fontLarge : metrics.fontBody
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        StepPage {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Label {
                visible: recharge.step === "card"
                text: qsTr("Insert the customer's prepaid card into the reader, then tap below.")
                wrapMode: Text.Wrap
                font.pixelSize: metrics.fontLarge
                Layout.fillWidth: true
            }
            ReadingTable {
                Layout.fillWidth: true
                visible: recharge.card.length > 0
                title: qsTr("The customer's card")
                rows: recharge.card
            }
            Flow {   // an open card's other services: no money is taken
                visible: recharge.step === "amount" && !recharge.opening
                Layout.fillWidth: true
                spacing: metrics.spacing
                BigButton {
                    objectName: "rechargeRepair"
                    enabled: !recharge.busy
                    text: qsTr("Check and repair a purchase")
                    onClicked: recharge.repair()
                }
                BigButton {
                    objectName: "rechargeWriteCard"
                    enabled: !recharge.busy
                    text: qsTr("Write card parameters")
                    onClicked: recharge.writeCard()
                }
            }
            BigButton {
                objectName: "rechargeScanMeter"
                visible: recharge.step === "amount" && recharge.opening
                Layout.fillWidth: true
                highlighted: recharge.meterScanned === ""
                enabled: !recharge.busy
                text: recharge.meterScanned === "" ? qsTr("Scan the meter's barcode")
                                                   : qsTr("Scan the meter again")
                onClicked: recharge.scanMeter()
            }
            Label {
                visible: recharge.step === "amount"
                text: recharge.opening ? qsTr("First purchase") : qsTr("Amount the customer pays")
                font.pixelSize: metrics.fontLarge
                font.bold: true
                color: Theme.accent
            }
            Flow {
                visible: recharge.step === "amount"
                Layout.fillWidth: true
                spacing: metrics.spacing
                Repeater {
                    model: recharge.presets
                    delegate: BigButton {
                        required property var modelData
                        objectName: "rechargeAmount_" + modelData.fen
                        enabled: !recharge.busy
                        text: modelData.label
                        highlighted: recharge.amount === modelData.fen && !recharge.keypadOpen
                        onClicked: recharge.chooseAmount(modelData.fen)
                    }
                }
                BigButton {
                    objectName: "rechargeOtherAmount"
                    enabled: !recharge.busy
                    text: qsTr("Other amount")
                    highlighted: recharge.keypadOpen
                    onClicked: recharge.otherAmount()
                }
            }
            Label {
                objectName: "rechargeTypedAmount"
                visible: recharge.step === "amount" && recharge.keypadOpen
                text: recharge.typedAmount
                font.pixelSize: metrics.fontLarge
                font.bold: true
            }
            GridLayout {   // the customer's own amount, whole yuan, tapped
                visible: recharge.step === "amount" && recharge.keypadOpen
                columns: 3
                Layout.fillWidth: true
                columnSpacing: metrics.spacing
                rowSpacing: metrics.spacing
                Repeater {
                    model: recharge.keypadKeys
                    delegate: BigButton {
                        required property var modelData
                        objectName: "rechargeKey_" + modelData.key
                        enabled: !recharge.busy
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1   // three equal columns
                        text: modelData.label
                        onClicked: recharge.pressKey(modelData.key)
                    }
                }
            }
            Label {
                visible: recharge.step === "amount"
                text: qsTr("How the customer pays")
                font.pixelSize: metrics.fontLarge
                font.bold: true
                color: Theme.accent
            }
            Flow {
                visible: recharge.step === "amount"
                Layout.fillWidth: true
                spacing: metrics.spacing
                Repeater {
                    model: recharge.payments
                    delegate: BigButton {
                        required property var modelData
                        objectName: "rechargePayment_" + modelData.code
                        enabled: !recharge.busy
                        text: modelData.label
                        highlighted: recharge.payment === modelData.code
                        onClicked: modelData.code === "qr" ? recharge.scanPayment()
                                                           : recharge.choosePayment(modelData.code)
                    }
                }
            }
            Label {
                visible: recharge.step === "credit"
                text: qsTr("Work order %1: keep the card in the reader.").arg(recharge.orderNo)
                wrapMode: Text.Wrap
                font.pixelSize: metrics.fontLarge
                Layout.fillWidth: true
            }

            actions: [
                BigButton {
                    objectName: "rechargePending"
                    visible: recharge.pending > 0 && (recharge.step === "card" || recharge.step === "amount")
                    Layout.fillWidth: true
                    enabled: !recharge.busy
                    text: qsTr("Write %1 confirmed purchase(s) to the card").arg(recharge.pending)
                    onClicked: recharge.completePending()
                },
                BigButton {
                    objectName: "rechargeReadCard"
                    visible: recharge.step === "card"
                    Layout.fillWidth: true
                    highlighted: true
                    enabled: !recharge.busy
                    text: recharge.busy ? qsTr("Please wait…") : qsTr("Read the prepaid card")
                    onClicked: recharge.readCard()
                },
                BigButton {
                    objectName: "rechargeBuy"
                    visible: recharge.step === "amount"
                    Layout.fillWidth: true
                    highlighted: true
                    enabled: !recharge.busy && recharge.amount > 0
                    text: recharge.busy ? qsTr("Asking the centre…")
                                        : recharge.opening ? qsTr("Ask the centre to open the card")
                                                           : qsTr("Ask the centre for the purchase")
                    onClicked: recharge.buy()
                },
                BigButton {
                    objectName: "rechargePrint"
                    visible: recharge.step === "done" && recharge.orderNo !== ""
                    Layout.fillWidth: true
                    highlighted: true
                    enabled: !recharge.busy
                    text: qsTr("Print the receipt")
                    onClicked: recharge.printReceipt()
                },
                BigButton {
                    objectName: "rechargeNext"
                    visible: recharge.step === "done"
                    Layout.fillWidth: true
                    enabled: !recharge.busy
                    text: qsTr("Next customer")
                    onClicked: recharge.open()
                },
                BigButton {
                    objectName: "rechargeCredit"
                    visible: recharge.step === "credit"
                    Layout.fillWidth: true
                    highlighted: true
                    enabled: !recharge.busy
                    text: recharge.busy ? qsTr("Writing…") : qsTr("Write the card")
                    onClicked: recharge.credit()
                }
            ]
        }
    }
}
