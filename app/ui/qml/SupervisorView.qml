import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// Supervisor (desktop build) placeholder: every order of the team, a row each, by technician.
Item {
    id: view
    objectName: "supervisorView"
    // technician, time, customer, asset no., status, step
    readonly property var widths: [0.13, 0.08, 0.17, 0.25, 0.14, 0.23]

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        UserBar { Layout.fillWidth: true }
        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: metrics.spacing * 2
            Layout.rightMargin: metrics.spacing * 2
            Layout.topMargin: metrics.spacing * 2  // room for Material's floating label
            spacing: metrics.spacing * 2
            TextField {
                objectName: "teamSearch"
                text: tasks.query
                placeholderText: qsTr("Search: asset no., customer, address")
                font.pixelSize: metrics.fontBody
                Layout.fillWidth: true
                Layout.preferredHeight: metrics.touch
                onTextEdited: tasks.setQuery(text)
            }
            Label {
                text: tasks.busy ? qsTr("Searching…") : qsTr("%1 work orders").arg(tasks.count)
                font.pixelSize: metrics.fontBody
                font.bold: true
            }
            BigButton {
                objectName: "openDispatch"
                visible: dispatch.available
                text: qsTr("Dispatch")
                font.pixelSize: metrics.fontBody
                onClicked: dispatch.show(true)
            }
            BigButton {
                objectName: "openFindings"
                visible: findings.available
                text: qsTr("Findings")
                font.pixelSize: metrics.fontBody
                onClicked: findings.show(true)
            }
            BigButton {
                objectName: "openReconciliation"
                visible: reconciliation.available
                text: qsTr("Prepaid account")
                font.pixelSize: metrics.fontBody
                onClicked: reconciliation.show(true)
            }
            BigButton {
                objectName: "openEvaluation"
                visible: evaluation.available
                text: qsTr("Evaluation")
                font.pixelSize: metrics.fontBody
                onClicked: evaluation.show(true)
            }
            BigButton {
                objectName: "openStock"
                visible: stock.available
                text: qsTr("Stock")
                font.pixelSize: metrics.fontBody
                onClicked: stock.show(true)
            }
            BigButton {
                objectName: "openAdmin"
                visible: admin.available
                text: qsTr("Administration")
                font.pixelSize: metrics.fontBody
                onClicked: admin.show(true)
            }
        }
        Rectangle {   // column titles
            Layout.fillWidth: true
            implicitHeight: metrics.touch * 0.7
            color: Theme.surface
            Row {
                anchors.fill: parent
                anchors.leftMargin: metrics.spacing * 2
                Repeater {
                    model: [qsTr("Technician"), qsTr("Time"), qsTr("Customer"), qsTr("Asset no."), qsTr("Status"), qsTr("Step")]
                    delegate: Label {
                        required property string modelData
                        required property int index
                        width: (view.width - metrics.spacing * 4) * view.widths[index]
                        height: parent.height
                        verticalAlignment: Text.AlignVCenter
                        text: modelData
                        font.pixelSize: metrics.fontSmall
                        font.bold: true
                    }
                }
            }
        }
        ListView {
            id: list
            objectName: "teamList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            reuseItems: true
            model: tasks
            section.property: "section"
            section.criteria: ViewSection.FullString
            section.delegate: SectionHeader { }
            ScrollIndicator.vertical: ScrollIndicator { }
            delegate: Rectangle {
                id: line
                required property string orderNo
                required property string timeWindow
                required property string customerName
                required property string assetNo
                required property string statusCode
                required property string statusLabel
                required property string stepLabel
                required property string techName
                width: ListView.view.width
                height: metrics.touch
                color: lineTap.pressed ? Theme.surface : Theme.background
                readonly property real usable: width - metrics.spacing * 4
                Row {
                    anchors.fill: parent
                    anchors.leftMargin: metrics.spacing * 2
                    Label {
                        width: line.usable * view.widths[0]; height: parent.height
                        verticalAlignment: Text.AlignVCenter
                        text: line.techName; elide: Text.ElideRight
                    }
                    Label {
                        width: line.usable * view.widths[1]; height: parent.height
                        verticalAlignment: Text.AlignVCenter
                        text: line.timeWindow; font.bold: true
                    }
                    Label {
                        width: line.usable * view.widths[2]; height: parent.height
                        verticalAlignment: Text.AlignVCenter
                        text: line.customerName; elide: Text.ElideRight
                    }
                    Label {
                        width: line.usable * view.widths[3]; height: parent.height
                        verticalAlignment: Text.AlignVCenter
                        text: line.assetNo; font.pixelSize: metrics.fontSmall; elide: Text.ElideLeft
                        rightPadding: metrics.spacing
                    }
                    Item {
                        width: line.usable * view.widths[4]; height: parent.height
                        StatusChip {
                            anchors.verticalCenter: parent.verticalCenter
                            code: line.statusCode; text: line.statusLabel
                        }
                    }
                    Label {
                        width: line.usable * view.widths[5]; height: parent.height
                        verticalAlignment: Text.AlignVCenter
                        text: line.stepLabel === "" ? "—" : line.stepLabel; elide: Text.ElideRight
                    }
                }
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.rule }
                TapHandler {
                    id: lineTap
                    onTapped: { detail.load(line.orderNo); session.openOrder(line.orderNo) }
                }
            }
        }
    }
}
