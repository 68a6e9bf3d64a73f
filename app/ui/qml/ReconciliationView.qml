import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// The day's prepaid account per technician (desktop build): money collected, tokens issued, credits
// the cards confirmed, purchases no card has confirmed yet.
Rectangle {
    objectName: "reconciliationView"
    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        CentreBanner { screen: reconciliation; Layout.fillWidth: true }
        RowLayout {
            Layout.fillWidth: true
            Layout.margins: metrics.spacing * 2
            Label {
                text: qsTr("%1 · cash %2 yuan · QR %3 yuan · issued %4 yuan · on cards %5 yuan")
                      .arg(reconciliation.day).arg(reconciliation.totals.cash || "0.00")
                      .arg(reconciliation.totals.qr || "0.00").arg(reconciliation.totals.issuedYuan || "0.00")
                      .arg(reconciliation.totals.creditedYuan || "0.00")
                font.pixelSize: metrics.fontLarge
                font.bold: true
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            BigButton {
                text: qsTr("Refresh")
                enabled: !reconciliation.busy
                font.pixelSize: metrics.fontBody
                onClicked: reconciliation.reload()
            }
        }
        ListView {
            id: list
            objectName: "reconciliationList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: reconciliation.technicians
            ScrollIndicator.vertical: ScrollIndicator { }
            Label {
                anchors.centerIn: parent
                visible: list.count === 0 && reconciliation.loaded
                text: qsTr("No prepaid purchase today.")
                font.pixelSize: metrics.fontLarge
            }
            delegate: Rectangle {
                id: row
                required property var modelData
                width: ListView.view.width
                height: lines.implicitHeight + metrics.spacing * 2
                color: Theme.background
                ColumnLayout {
                    id: lines
                    anchors.fill: parent
                    anchors.margins: metrics.spacing
                    anchors.leftMargin: metrics.spacing * 2
                    spacing: 2
                    Label {
                        text: row.modelData.techId + " · " + row.modelData.teamId
                        font.bold: true
                    }
                    Label {
                        text: qsTr("Cash %1 yuan · QR %2 yuan · %3 tokens (%4 yuan) · %5 on cards (%6 yuan)")
                              .arg(row.modelData.cash).arg(row.modelData.qr).arg(row.modelData.issued)
                              .arg(row.modelData.issuedYuan).arg(row.modelData.credited)
                              .arg(row.modelData.creditedYuan)
                        font.pixelSize: metrics.fontSmall
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Label {
                        visible: row.modelData.cardOps !== ""
                        text: row.modelData.cardOps
                        font.pixelSize: metrics.fontSmall
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Repeater {
                        model: row.modelData.repairs
                        delegate: Label {
                            required property string modelData
                            text: qsTr("Repair: %1").arg(modelData)
                            font.pixelSize: metrics.fontSmall
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                    }
                    Repeater {
                        model: row.modelData.unconfirmed
                        delegate: Label {
                            required property string modelData
                            text: qsTr("Not on a card yet: %1 yuan").arg(modelData)
                            color: Theme.urgent
                            font.pixelSize: metrics.fontSmall
                        }
                    }
                    Repeater {
                        model: row.modelData.discrepancies
                        delegate: Label {
                            required property string modelData
                            text: qsTr("Does not match what was issued: %1").arg(modelData)
                            color: Theme.urgent
                            font.pixelSize: metrics.fontSmall
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                    }
                }
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.rule }
            }
        }
    }
}
