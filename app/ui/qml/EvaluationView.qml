import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// The evaluation of technicians and teams (desktop build): the period's KPIs per technician, team,
// area or day, the score, the anomalies with their orders; the table saved as XLSX or CSV.
Rectangle {
    objectName: "evaluationView"
    color: Theme.background

    readonly property var columns: [
        { key: "name", title: qsTr("Who"), width: 3 },
        { key: "orders", title: qsTr("Orders"), width: 1 },
        { key: "done", title: qsTr("Done"), width: 1 },
        { key: "unfinished", title: qsTr("Unfinished"), width: 1 },
        { key: "firstTime", title: qsTr("First time"), width: 1 },
        { key: "rework", title: qsTr("Rework"), width: 1 },
        { key: "anomalies", title: qsTr("Anomalies"), width: 1 },
        { key: "work", title: qsTr("Work min"), width: 1 },
        { key: "elapsed", title: qsTr("Order min"), width: 1 },
        { key: "delay", title: qsTr("Upload delay min"), width: 1.4 },
        { key: "travel", title: qsTr("Travel km"), width: 1 },
        { key: "score", title: qsTr("Score"), width: 1 }
    ]
    readonly property real unit: (width - metrics.spacing * 4) / 14.4  // the columns' widths add up to 14.4

    ColumnLayout {
        anchors.fill: parent
        spacing: metrics.spacing
        CentreBanner { screen: evaluation; Layout.fillWidth: true }
        Flow {   // the period and the grouping, one tap each; refresh; the table saved
            Layout.fillWidth: true
            Layout.leftMargin: metrics.spacing * 2
            Layout.rightMargin: metrics.spacing * 2
            spacing: metrics.spacing
            Repeater {
                model: evaluation.periods
                delegate: BigButton {
                    required property var modelData
                    objectName: "evaluationPeriod_" + modelData.code
                    text: modelData.label
                    font.pixelSize: metrics.fontBody
                    highlighted: evaluation.period === modelData.code
                    enabled: !evaluation.busy
                    onClicked: evaluation.setPeriod(modelData.code)
                }
            }
            Repeater {
                model: evaluation.groups
                delegate: BigButton {
                    required property var modelData
                    objectName: "evaluationGroup_" + modelData.code
                    text: modelData.label
                    font.pixelSize: metrics.fontBody
                    highlighted: evaluation.group === modelData.code
                    enabled: !evaluation.busy
                    onClicked: evaluation.setGroup(modelData.code)
                }
            }
            BigButton {
                objectName: "evaluationExportXlsx"
                text: qsTr("Save as Excel")
                font.pixelSize: metrics.fontBody
                enabled: !evaluation.busy && evaluation.rows.length > 0
                onClicked: evaluation.exportTable("xlsx")
            }
            BigButton {
                objectName: "evaluationExportCsv"
                text: qsTr("Save as CSV")
                font.pixelSize: metrics.fontBody
                enabled: !evaluation.busy && evaluation.rows.length > 0
                onClicked: evaluation.exportTable("csv")
            }
            BigButton {
                text: qsTr("Refresh")
                font.pixelSize: metrics.fontBody
                enabled: !evaluation.busy
                onClicked: evaluation.reload()
            }
        }
        Label {
            Layout.leftMargin: metrics.spacing * 2
            text: evaluation.span
            font.pixelSize: metrics.fontBody
            font.bold: true
        }
        Row {   // the table's header
            Layout.leftMargin: metrics.spacing * 2
            Repeater {
                model: columns
                delegate: Label {
                    required property var modelData
                    width: unit * modelData.width
                    text: modelData.title
                    font.pixelSize: metrics.fontSmall
                    font.bold: true
                    wrapMode: Text.Wrap
                    color: Theme.accent
                }
            }
        }
        ListView {
            id: table
            objectName: "evaluationTable"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.leftMargin: metrics.spacing * 2
            clip: true
            model: evaluation.rows
            ScrollIndicator.vertical: ScrollIndicator { }
            Label {
                anchors.centerIn: parent
                visible: table.count === 0 && evaluation.loaded
                text: qsTr("No work in this period.")
                font.pixelSize: metrics.fontLarge
            }
            delegate: Row {
                id: line
                required property var modelData
                height: metrics.touch * 0.8
                Repeater {
                    model: columns
                    delegate: Label {
                        required property var modelData
                        width: unit * modelData.width
                        height: line.height
                        verticalAlignment: Text.AlignVCenter
                        text: line.modelData[modelData.key]
                        font.pixelSize: metrics.fontBody
                        font.bold: modelData.key === "score" || modelData.key === "name"
                        elide: Text.ElideRight
                    }
                }
            }
        }
        Label {
            Layout.leftMargin: metrics.spacing * 2
            visible: evaluation.anomalies.length > 0
            text: qsTr("Anomalies (%1)").arg(evaluation.anomalies.length)
            font.pixelSize: metrics.fontBody
            font.bold: true
            color: Theme.urgent
        }
        ListView {
            objectName: "evaluationAnomalies"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(contentHeight, parent.height * 0.3)
            Layout.leftMargin: metrics.spacing * 2
            Layout.bottomMargin: metrics.spacing
            clip: true
            model: evaluation.anomalies
            delegate: Label {
                required property string modelData
                text: modelData
                font.pixelSize: metrics.fontSmall
            }
        }
    }
}
