import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// One work order: customer, meter, tariff and archive, instructions, the steps; a big Start.
Rectangle {
    id: view
    objectName: "orderDetailView"
    color: Theme.background
    readonly property var info: detail.info
    readonly property bool started: detail.started
    readonly property bool isReplacement: view.info.family === "replacement"
    readonly property bool isInspection: view.info.family === "inspection"
    readonly property bool isGuided: isReplacement || isInspection
    // Once work has started, what matters is where it stands: bring the steps into view.
    onStartedChanged: if (started) Qt.callLater(view.showSteps)

    function showSteps() {
        flick.contentY = Math.max(0, flick.contentHeight - flick.height)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Flickable {
            id: flick
            objectName: "detailFlick"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: body.implicitHeight + metrics.spacing * 4
            ScrollIndicator.vertical: ScrollIndicator { }

            ColumnLayout {
                id: body
                x: metrics.spacing * 2
                y: metrics.spacing * 2
                width: flick.width - metrics.spacing * 4
                spacing: metrics.spacing
                visible: detail.loaded

                RowLayout {
                    Layout.fillWidth: true
                    Label {
                        text: (view.info.title || "") + " · " + (view.info.kind || "")
                        font.pixelSize: metrics.fontTitle
                        font.bold: true
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    StatusChip { code: view.info.statusCode || ""; text: view.info.status || "" }
                }
                Label {
                    text: qsTr("Order %1 · %2 · %3").arg(view.info.orderNo || "")
                          .arg(view.info.window || "").arg(view.info.priority || "")
                    font.pixelSize: metrics.fontSmall
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                InfoCard {
                    Layout.fillWidth: true
                    title: qsTr("Customer")
                    rows: [[qsTr("Name"), view.info.customerName || ""],
                           [qsTr("Customer no."), view.info.customerNo || ""],
                           [qsTr("Phone"), view.info.phone || ""],
                           [qsTr("Address"), view.info.address || ""]]
                }
                InfoCard {
                    Layout.fillWidth: true
                    title: qsTr("Meter")
                    rows: [[qsTr("Asset no."), view.info.assetNo || ""],
                           [qsTr("Meter address"), view.info.meterAddress || ""],
                           [qsTr("Model"), view.info.meterModel || ""],
                           [qsTr("Wiring"), view.info.wiring || ""],
                           [qsTr("New meter"), view.info.newMeter || ""]]
                }
                InfoCard {
                    Layout.fillWidth: true
                    title: qsTr("Tariff and archive")
                    rows: [[qsTr("Tariff"), view.info.tariff || ""],
                           [qsTr("Installed"), view.info.installDate || ""],
                           [qsTr("CT ratio"), view.info.ctRatio || ""],
                           [qsTr("Transformer"), view.info.transformer || ""]]
                }
                InfoCard {
                    Layout.fillWidth: true
                    visible: detail.result.outcome === "done" && detail.result.newMeter !== ""
                    title: qsTr("Result at the centre")
                    rows: [[qsTr("Old meter final reading"), detail.result.oldReading || ""],
                           [qsTr("New meter"), detail.result.newMeter || ""],
                           [qsTr("New meter start reading"), detail.result.newReading || ""],
                           [qsTr("Tariff prices set"), detail.result.prices || ""],
                           [qsTr("Seals"), detail.result.seals || ""],
                           [qsTr("Photos + signatures"), detail.result.evidence || ""],
                           [qsTr("Time on site"), detail.result.duration || ""],
                           [qsTr("GPS points"), detail.result.trail || ""],
                           [qsTr("Completed"), detail.result.completedAt || ""]]
                }
                InfoCard {
                    objectName: "unfinishedCard"
                    Layout.fillWidth: true
                    visible: detail.result.outcome === "unfinished"
                    title: qsTr("Ended unfinished")
                    rows: [[qsTr("Reason"), detail.result.reasonLabel || ""],
                           [qsTr("Photos + signatures"), detail.result.evidence || ""],
                           [qsTr("GPS points"), detail.result.trail || ""],
                           [qsTr("Completed"), detail.result.completedAt || ""]]
                }
                InfoCard {
                    Layout.fillWidth: true
                    title: qsTr("Instructions")
                    rows: [[qsTr("Note"), view.info.instructions || ""]]
                }
                Label {
                    text: qsTr("Steps")
                    font.pixelSize: metrics.fontLarge
                    font.bold: true
                    color: Theme.accent
                    Layout.topMargin: metrics.spacing
                }
                Repeater {
                    model: detail.steps
                    delegate: Rectangle {
                        id: step
                        required property var modelData
                        readonly property bool current: modelData.state === "current"
                        Layout.fillWidth: true
                        implicitHeight: metrics.touch
                        color: current ? Theme.accent : Theme.background
                        border.color: Theme.rule
                        border.width: current ? 0 : 1
                        RowLayout {
                            anchors.fill: parent
                            anchors.leftMargin: metrics.spacing * 2
                            anchors.rightMargin: metrics.spacing * 2
                            Label {
                                text: step.modelData.number + ". " + step.modelData.label
                                color: step.current ? Theme.inverse : Theme.text
                                font.pixelSize: metrics.fontBody
                                font.bold: step.current
                                Layout.fillWidth: true
                                elide: Text.ElideRight
                            }
                            Label {
                                text: step.current ? qsTr("Now") : step.modelData.state === "done" ? qsTr("Done ✓") : ""
                                color: step.current ? Theme.inverse : Theme.text
                                font.pixelSize: metrics.fontSmall
                                font.bold: true
                            }
                        }
                    }
                }
            }
        }

        Label {
            visible: detail.error !== ""
            text: detail.error
            color: Theme.urgent
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.margins: metrics.spacing * 2
        }
        Label {
            objectName: "detailNotice"
            visible: detail.notice !== ""
            text: detail.notice
            color: Theme.ok
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.margins: metrics.spacing * 2
        }
        Label {
            visible: detail.started && !view.isGuided
            text: qsTr("Work has started. The guided step screens come in a later release.")
            font.pixelSize: metrics.fontSmall
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.leftMargin: metrics.spacing * 2
            Layout.rightMargin: metrics.spacing * 2
        }
        BigButton {
            // Replacement orders: start or resume the guided steps at the order's stored step.
            id: stepsButton
            objectName: "stepsButton"
            visible: view.isGuided && !detail.viewOnly && (detail.canStart || detail.started)
            Layout.fillWidth: true
            Layout.margins: metrics.spacing * 2
            Layout.preferredHeight: metrics.touch * 1.3
            highlighted: true
            enabled: !detail.busy
            text: detail.started ? qsTr("Continue the guided steps") : qsTr("Start work")
            onClicked: view.isInspection ? inspection.open(view.info.orderNo) : replacement.open(view.info.orderNo)
        }
        BigButton {
            objectName: "startButton"
            visible: !stepsButton.visible
            Layout.fillWidth: true
            Layout.margins: metrics.spacing * 2
            Layout.preferredHeight: metrics.touch * 1.3
            highlighted: true
            enabled: detail.canStart && !detail.busy
            text: detail.busy ? qsTr("Please wait…")
                  : detail.viewOnly ? qsTr("View only: assigned to another technician")
                  : detail.canStart ? qsTr("Start work")
                  : detail.started ? qsTr("In progress")
                  : qsTr("Cannot start (%1)").arg(view.info.status || "")
            onClicked: detail.start()
        }
        BigButton {
            // Every order, whatever its family: end it with a reason and a photo.
            id: cannotButton
            objectName: "cannotCompleteButton"
            property bool open: false
            visible: detail.canEnd
            Layout.fillWidth: true
            Layout.leftMargin: metrics.spacing * 2
            Layout.rightMargin: metrics.spacing * 2
            enabled: !detail.busy
            text: open ? qsTr("Choose why (a photo is taken)") : qsTr("Cannot complete…")
            onClicked: open = !open
        }
        Flow {
            visible: cannotButton.visible && cannotButton.open
            Layout.fillWidth: true
            Layout.margins: metrics.spacing * 2
            spacing: metrics.spacing
            Repeater {
                model: detail.endReasons
                delegate: BigButton {
                    required property var modelData
                    objectName: "endReason_" + modelData.code
                    text: modelData.label
                    enabled: !detail.busy
                    font.pixelSize: metrics.fontBody
                    onClicked: { cannotButton.open = false; detail.endUnfinished(modelData.code) }
                }
            }
        }
    }
    BusyIndicator {
        anchors.centerIn: parent
        running: detail.busy && !detail.loaded
        visible: running
    }
}
