import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// A technician's day: sections by family then status, search by asset no., customer or address.
Item {
    id: view
    objectName: "taskListView"

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        UserBar { Layout.fillWidth: true }
        DeviceStrip {
            Layout.fillWidth: true
            Layout.leftMargin: metrics.spacing * 2
            Layout.rightMargin: metrics.spacing * 2
            Layout.topMargin: metrics.spacing
        }

        BigButton {
            objectName: "rechargeButton"
            visible: recharge.available
            text: qsTr("Prepaid recharge at the door")
            Layout.fillWidth: true
            Layout.leftMargin: metrics.spacing * 2
            Layout.rightMargin: metrics.spacing * 2
            Layout.topMargin: metrics.spacing
            onClicked: recharge.open()
        }
        TextField {
            id: search
            objectName: "taskSearch"
            text: tasks.query
            placeholderText: qsTr("Search: asset no., customer, address")
            font.pixelSize: metrics.fontBody
            inputMethodHints: Qt.ImhNoPredictiveText
            Layout.fillWidth: true
            Layout.preferredHeight: metrics.touch
            Layout.leftMargin: metrics.spacing * 2
            Layout.rightMargin: metrics.spacing * 2
            Layout.topMargin: metrics.spacing * 2  // room for Material's floating label
            onTextEdited: tasks.setQuery(text)
        }
        Label {
            text: tasks.stale ? qsTr("%1 work orders · updating…").arg(tasks.count)
                  : tasks.busy ? qsTr("Searching…") : qsTr("%1 work orders").arg(tasks.count)
            font.pixelSize: metrics.fontSmall
            color: Theme.secondary
            Layout.leftMargin: metrics.spacing * 2
            Layout.topMargin: metrics.spacing / 2
            Layout.bottomMargin: metrics.spacing / 2
        }

        ListView {
            id: list
            objectName: "taskList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            reuseItems: true
            cacheBuffer: metrics.rowHeight * 4
            model: tasks
            section.property: "section"
            section.criteria: ViewSection.FullString
            section.delegate: SectionHeader { }
            delegate: TaskRow {
                width: ListView.view.width
                onActivated: (orderNo) => { detail.load(orderNo); session.openOrder(orderNo) }
            }
            ScrollIndicator.vertical: ScrollIndicator { }
        }
        Label {
            visible: tasks.loaded && tasks.count === 0
            text: qsTr("No work order matches.")
            font.pixelSize: metrics.fontLarge
            Layout.alignment: Qt.AlignHCenter
            Layout.bottomMargin: metrics.touch
        }
    }
}
