import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// The team leader's dispatch (desktop build): the team's orders at the centre on the left, the
// chosen order and what can be done with it on the right: a technician to give it to, or a reason
// to cancel it. Every choice is a tap.
Rectangle {
    id: view
    objectName: "dispatchView"
    color: Theme.background
    property string chosen: ""
    property string cancelReason: ""  // chosen, not yet confirmed
    onChosenChanged: cancelReason = ""
    readonly property var order: {
        const rows = dispatch.orders
        for (let i = 0; i < rows.length; ++i)
            if (rows[i].orderNo === chosen) return rows[i]
        return null
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        CentreBanner { screen: dispatch; Layout.fillWidth: true }
        RowLayout {
            Layout.fillWidth: true
            Layout.margins: metrics.spacing * 2
            spacing: metrics.spacing
            Repeater {
                model: [{ name: "unassigned", text: qsTr("To dispatch") },
                        { name: "assigned", text: qsTr("Dispatched, open") },
                        { name: "all", text: qsTr("All") }]
                delegate: BigButton {
                    required property var modelData
                    required property int index
                    objectName: "filter_" + modelData.name
                    text: modelData.text + " (" + (dispatch.counts[index] || 0) + ")"
                    highlighted: dispatch.filter === modelData.name
                    font.pixelSize: metrics.fontBody
                    onClicked: { dispatch.setFilter(modelData.name); view.chosen = "" }
                }
            }
            Item { Layout.fillWidth: true }
            BigButton {
                objectName: "dispatchRefresh"
                text: qsTr("Refresh")
                enabled: !dispatch.busy
                font.pixelSize: metrics.fontBody
                onClicked: dispatch.reload()
            }
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0
            ListView {
                id: list
                objectName: "dispatchList"
                Layout.fillHeight: true
                Layout.preferredWidth: view.width * 0.55
                clip: true
                model: dispatch.orders
                ScrollIndicator.vertical: ScrollIndicator { }
                Label {
                    anchors.centerIn: parent
                    visible: list.count === 0 && dispatch.loaded
                    text: dispatch.filter === "unassigned" ? qsTr("Nothing to dispatch.") : qsTr("No orders.")
                    font.pixelSize: metrics.fontLarge
                }
                delegate: Rectangle {
                    id: row
                    required property var modelData
                    objectName: "dispatchRow_" + modelData.orderNo
                    width: ListView.view.width
                    height: lines.implicitHeight + metrics.spacing * 2
                    color: view.chosen === modelData.orderNo ? Theme.surface : Theme.background
                    border.color: view.chosen === modelData.orderNo ? Theme.accent : "transparent"
                    border.width: Math.max(2, Math.round(metrics.dp * 2))
                    ColumnLayout {
                        id: lines
                        anchors.fill: parent
                        anchors.margins: metrics.spacing
                        anchors.leftMargin: metrics.spacing * 2
                        spacing: 2
                        RowLayout {
                            Layout.fillWidth: true
                            Label {
                                text: row.modelData.window + "  " + row.modelData.kindLabel
                                      + (row.modelData.urgent ? "  · " + row.modelData.priorityLabel : "")
                                color: row.modelData.urgent ? Theme.urgent : Theme.text
                                font.bold: true
                                Layout.fillWidth: true
                                elide: Text.ElideRight
                            }
                            StatusChip { code: row.modelData.statusCode; text: row.modelData.statusLabel }
                        }
                        Label {
                            text: row.modelData.customer + " · " + row.modelData.address
                            font.pixelSize: metrics.fontSmall
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                        Label {
                            text: row.modelData.techName !== "" ? qsTr("Technician: %1").arg(row.modelData.techName)
                                                               : qsTr("Not dispatched")
                            font.pixelSize: metrics.fontSmall
                            font.bold: row.modelData.techName === ""
                        }
                    }
                    Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.rule }
                    TapHandler { onTapped: view.chosen = row.modelData.orderNo }
                }
            }
            Rectangle { Layout.fillHeight: true; width: Math.max(2, Math.round(metrics.dp * 2)); color: Theme.rule }
            Flickable {
                Layout.fillHeight: true
                Layout.fillWidth: true
                contentHeight: panel.implicitHeight + metrics.spacing * 4
                clip: true
                Label {
                    anchors.centerIn: parent
                    visible: view.order === null
                    width: parent.width - metrics.spacing * 4
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    text: qsTr("Tap an order to dispatch it.")
                    font.pixelSize: metrics.fontLarge
                }
                ColumnLayout {
                    id: panel
                    visible: view.order !== null
                    x: metrics.spacing * 2
                    y: metrics.spacing * 2
                    width: parent.width - metrics.spacing * 4
                    spacing: metrics.spacing
                    Label {
                        objectName: "dispatchChosen"
                        text: view.order ? view.order.orderNo + "  " + view.order.kindLabel : ""
                        font.pixelSize: metrics.fontLarge
                        font.bold: true
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                    }
                    Label {
                        text: view.order ? view.order.customer + "\n" + view.order.address + "\n"
                                           + qsTr("Meter %1").arg(view.order.assetNo) : ""
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                    }
                    Label {
                        visible: view.order && (view.order.canAssign || view.order.canReassign)
                        text: view.order && view.order.canAssign ? qsTr("Give it to:") : qsTr("Give it to another technician:")
                        font.bold: true
                    }
                    Flow {
                        Layout.fillWidth: true
                        spacing: metrics.spacing
                        visible: view.order && (view.order.canAssign || view.order.canReassign)
                        Repeater {
                            model: dispatch.technicians
                            delegate: BigButton {
                                required property var modelData
                                objectName: "giveTo_" + modelData.userId
                                visible: view.order && modelData.userId !== view.order.techId
                                enabled: !dispatch.busy
                                text: modelData.name + "\n" + qsTr("%1 open").arg(modelData.open)
                                font.pixelSize: metrics.fontBody
                                onClicked: view.order.canAssign ? dispatch.assign(view.order.orderNo, modelData.userId)
                                                                : dispatch.reassign(view.order.orderNo, modelData.userId)
                            }
                        }
                    }
                    Label {
                        visible: view.order && view.order.canCancel
                        text: qsTr("Cancel the order:")
                        font.bold: true
                        Layout.topMargin: metrics.spacing * 2
                    }
                    Flow {
                        Layout.fillWidth: true
                        spacing: metrics.spacing
                        visible: view.order && view.order.canCancel
                        Repeater {
                            model: dispatch.cancelReasons
                            delegate: BigButton {
                                required property var modelData
                                objectName: "cancel_" + modelData.code
                                enabled: !dispatch.busy
                                text: modelData.label
                                highlighted: view.cancelReason === modelData.code
                                font.pixelSize: metrics.fontSmall
                                onClicked: view.cancelReason = modelData.code
                            }
                        }
                    }
                    BigButton {
                        objectName: "confirmCancel"
                        visible: view.cancelReason !== "" && view.order && view.order.canCancel
                        enabled: !dispatch.busy
                        text: qsTr("Cancel order %1").arg(view.order ? view.order.orderNo : "")
                        Layout.fillWidth: true
                        onClicked: { dispatch.cancel(view.order.orderNo, view.cancelReason); view.cancelReason = "" }
                    }
                }
            }
        }
    }
}
