import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// What the team's inspections found at the centre, worst first (desktop build).
Rectangle {
    objectName: "findingsView"
    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        CentreBanner { screen: findings; Layout.fillWidth: true }
        RowLayout {
            Layout.fillWidth: true
            Layout.margins: metrics.spacing * 2
            Label {
                text: qsTr("%1 open findings").arg(findings.openCount)
                font.pixelSize: metrics.fontLarge
                font.bold: true
                Layout.fillWidth: true
            }
            BigButton {
                text: qsTr("Refresh")
                enabled: !findings.busy
                font.pixelSize: metrics.fontBody
                onClicked: findings.reload()
            }
        }
        ListView {
            id: list
            objectName: "findingsList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: findings.findings
            ScrollIndicator.vertical: ScrollIndicator { }
            Label {
                anchors.centerIn: parent
                visible: list.count === 0 && findings.loaded
                text: qsTr("The team's inspections found nothing.")
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
                    RowLayout {
                        Layout.fillWidth: true
                        Label {
                            text: row.modelData.severityLabel + " · " + row.modelData.ruleLabel
                            color: row.modelData.severity === "critical" ? Theme.urgent : Theme.text
                            font.bold: true
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                        }
                        Label {
                            text: row.modelData.statusLabel
                                  + (row.modelData.correctable ? " · " + qsTr("can be corrected on site") : "")
                            font.pixelSize: metrics.fontSmall
                        }
                    }
                    Label {
                        text: qsTr("Order %1 · meter %2").arg(row.modelData.orderNo).arg(row.modelData.meter)
                        font.pixelSize: metrics.fontSmall
                    }
                    Label {
                        text: qsTr("Records: %1   Meter: %2").arg(row.modelData.expected).arg(row.modelData.found)
                        font.pixelSize: metrics.fontSmall
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                }
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.rule }
            }
        }
    }
}
