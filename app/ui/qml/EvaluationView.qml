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
            delegate: ItemDelegate {   // a tap opens the order's drill-down
                required property var modelData
                objectName: "anomaly_" + modelData.orderNo
                width: ListView.view.width
                text: modelData.text
                font.pixelSize: metrics.fontSmall
                onClicked: evaluation.openOrder(modelData.orderNo)
            }
        }
    }

    Rectangle {   // the drill-down: the order's steps, readings, photos and signature, its GPS trail
        objectName: "orderDrillDown"
        visible: evaluation.orderOpen
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        anchors.right: parent.right
        width: parent.width * 0.5
        color: Theme.background
        border.color: Theme.rule
        MouseArea { anchors.fill: parent }   // takes the taps it receives
        Flickable {
            anchors.fill: parent
            anchors.margins: metrics.spacing * 2
            contentHeight: pane.implicitHeight
            clip: true
            ColumnLayout {
                id: pane
                width: parent.width
                spacing: metrics.spacing
                RowLayout {
                    Layout.fillWidth: true
                    Label {
                        text: qsTr("Work order %1").arg(evaluation.order.orderNo || "")
                        font.pixelSize: metrics.fontLarge
                        font.bold: true
                        Layout.fillWidth: true
                    }
                    BigButton {
                        objectName: "closeDrillDown"
                        text: qsTr("Close")
                        font.pixelSize: metrics.fontBody
                        onClicked: evaluation.closeOrder()
                    }
                }
                Label { text: evaluation.order.summary || ""; wrapMode: Text.Wrap; Layout.fillWidth: true }
                Label { text: qsTr("Steps"); font.bold: true; color: Theme.accent }
                Repeater {
                    model: evaluation.order.steps || []
                    delegate: Label { required property string modelData; text: modelData
                                      font.pixelSize: metrics.fontSmall }
                }
                Label { text: qsTr("Readings"); font.bold: true; color: Theme.accent
                        visible: (evaluation.order.readings || []).length > 0 }
                Repeater {
                    model: evaluation.order.readings || []
                    delegate: Label { required property string modelData; text: modelData
                                      font.pixelSize: metrics.fontSmall }
                }
                Label { text: qsTr("Photos and signature"); font.bold: true; color: Theme.accent
                        visible: (evaluation.order.evidence || []).length > 0 }
                Flow {
                    Layout.fillWidth: true
                    spacing: metrics.spacing
                    Repeater {
                        model: evaluation.order.evidence || []
                        delegate: Image {
                            required property string modelData
                            objectName: "evidenceImage"
                            source: modelData
                            width: 200
                            height: 150
                            fillMode: Image.PreserveAspectFit
                        }
                    }
                }
                Label { text: qsTr("GPS trail: %1 km").arg(evaluation.order.trailKm || "0.00"); font.bold: true
                        color: Theme.accent }
                Canvas {   // the trail, to scale, north up (no basemap here yet)
                    id: trail
                    objectName: "trailCanvas"
                    Layout.preferredWidth: 240
                    Layout.preferredHeight: 240
                    property var points: evaluation.order.trail || []
                    onPointsChanged: requestPaint()
                    onPaint: {
                        var ctx = getContext("2d")
                        ctx.reset()
                        ctx.strokeStyle = Theme.rule
                        ctx.strokeRect(0, 0, width, height)
                        if (points.length === 0)
                            return
                        ctx.strokeStyle = Theme.accent
                        ctx.lineWidth = 3
                        ctx.beginPath()
                        for (var i = 0; i < points.length; i++) {
                            var x = 10 + points[i].x * (width - 20), y = 10 + points[i].y * (height - 20)
                            if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y)
                        }
                        ctx.stroke()
                        for (var j = 0; j < points.length; j++) {
                            ctx.fillStyle = j === 0 ? Theme.ok : Theme.urgent
                            ctx.fillRect(10 + points[j].x * (width - 20) - 4, 10 + points[j].y * (height - 20) - 4, 8, 8)
                        }
                    }
                }
            }
        }
    }
}
