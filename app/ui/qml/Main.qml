import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import "components"

// The shell: a header that is always visible (title, sync indicator, language), then the screen.
ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 720
    height: 1280
    visible: true
    title: qsTr("MeterField")
    color: Theme.background
    font.family: metrics.fontFamily
    font.pixelSize: metrics.fontBody
    Material.theme: Material.Light
    Material.accent: Theme.accent
    Material.primary: Theme.accent
    Material.foreground: Theme.text
    Material.background: Theme.background

    readonly property string screenTitle: recharge.active ? qsTr("Prepaid recharge")
        : replacement.active ? qsTr("Meter replacement")
        : inspection.active ? qsTr("Meter inspection")
        : session.devicesOpen ? qsTr("Device settings")
        : dispatch.shown ? qsTr("Dispatch")
        : admin.shown ? qsTr("Administration")
        : stock.shown ? qsTr("Stock")
        : findings.shown ? qsTr("Inspection findings")
        : reconciliation.shown ? qsTr("Prepaid account")
        : evaluation.shown ? qsTr("Evaluation")
        : session.state === "enrol" ? qsTr("Enrolment")
        : session.detailOpen ? qsTr("Work order")
        : session.screen === "tasks" ? qsTr("Today's orders")
        : session.screen === "team" ? qsTr("Team work orders")
        : qsTr("Sign in")

    header: Rectangle {
        implicitHeight: Math.max(metrics.touch, bar.implicitHeight) + metrics.spacing
        color: Theme.background
        RowLayout {
            id: bar
            anchors.fill: parent
            anchors.leftMargin: metrics.spacing
            anchors.rightMargin: metrics.spacing
            spacing: metrics.spacing
            ToolButton {
                objectName: "backButton"
                visible: session.detailOpen || replacement.active || inspection.active || session.devicesOpen
                         || recharge.active
                         || dispatch.shown
                         || admin.shown || stock.shown || findings.shown || reconciliation.shown
                         || evaluation.shown
                text: qsTr("‹ Back")
                font.pixelSize: metrics.fontLarge
                font.bold: true
                Layout.preferredHeight: metrics.touch
                Layout.minimumWidth: metrics.touch
                onClicked: {
                    if (recharge.active) {
                        recharge.close()
                    } else if (session.devicesOpen) {
                        session.openDevices(false)
                    } else if (dispatch.shown) {
                        dispatch.show(false)
                    } else if (admin.shown) {
                        admin.show(false)
                    } else if (stock.shown) {
                        stock.show(false)
                    } else if (findings.shown) {
                        findings.show(false)
                    } else if (reconciliation.shown) {
                        reconciliation.show(false)
                    } else if (evaluation.shown) {
                        evaluation.show(false)
                    } else if (inspection.active) {
                        inspection.close()
                        detail.load(inspection.order.orderNo || "")
                    } else if (replacement.active) {
                        replacement.close()
                        detail.load(replacement.order.orderNo || "")
                    } else {
                        session.closeOrder()
                    }
                }
            }
            Label {
                objectName: "screenTitle"
                text: window.screenTitle
                font.pixelSize: metrics.fontTitle
                font.bold: true
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            SyncIndicator { Layout.preferredHeight: metrics.touch }
            ToolButton {
                objectName: "devicesButton"
                visible: session.canOpenDevices && !session.devicesOpen && session.state === "ready"
                         && !dispatch.shown && !admin.shown && !stock.shown && !findings.shown
                         && !reconciliation.shown && !evaluation.shown
                text: qsTr("Devices")
                font.pixelSize: metrics.fontBody
                font.bold: true
                Layout.preferredHeight: metrics.touch
                Layout.minimumWidth: metrics.touch
                onClicked: session.openDevices(true)
            }
            ToolButton {
                objectName: "languageButton"
                text: language.otherLabel
                font.pixelSize: metrics.fontLarge
                font.bold: true
                Layout.preferredHeight: metrics.touch
                Layout.minimumWidth: metrics.touch
                onClicked: language.toggle()
            }
        }
        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            height: Math.max(2, Math.round(metrics.dp * 2))
            color: Theme.rule
        }
    }

    Loader {
        id: screen
        anchors.fill: parent
        source: session.state === "ready" && session.screen === "tasks" ? "TaskListView.qml"
            : session.state === "ready" && session.screen === "team" ? "SupervisorView.qml"
            : session.state === "signin" ? "SignInView.qml"
            : session.state === "enrol" ? "EnrolView.qml"
            : "LoadingView.qml"
    }
    Loader {
        anchors.fill: parent
        active: session.detailOpen
        source: "OrderDetailView.qml"
    }
    Loader {
        anchors.fill: parent
        active: replacement.active
        source: "replacement/ReplacementView.qml"
    }
    Loader {
        anchors.fill: parent
        active: inspection.active
        source: "InspectionView.qml"
    }
    Loader {
        anchors.fill: parent
        active: session.devicesOpen
        source: "DevicesView.qml"
    }
    Loader {
        anchors.fill: parent
        active: recharge.active
        source: "RechargeView.qml"
    }
    Loader {
        anchors.fill: parent
        active: dispatch.shown && session.state === "ready"
        source: "DispatchView.qml"
    }
    Loader {
        anchors.fill: parent
        active: admin.shown && session.state === "ready"
        source: "AdminView.qml"
    }
    Loader {
        anchors.fill: parent
        active: stock.shown && session.state === "ready"
        source: "StockView.qml"
    }
    Loader {
        anchors.fill: parent
        active: findings.shown && session.state === "ready"
        source: "FindingsView.qml"
    }
    Loader {
        anchors.fill: parent
        active: reconciliation.shown && session.state === "ready"
        source: "ReconciliationView.qml"
    }
    Loader {
        anchors.fill: parent
        active: evaluation.shown && session.state === "ready"
        source: "EvaluationView.qml"
    }
}
