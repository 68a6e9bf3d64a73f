import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// The team leader's stock (desktop build): each technician's meters and seals at the centre; issue
// one (its number from the desk's barcode scanner) or take one back.
Rectangle {
    id: view
    objectName: "stockView"
    color: Theme.background
    property string kind: "meter"
    readonly property string chosenName: {
        const techs = stock.technicians
        for (let i = 0; i < techs.length; ++i)
            if (techs[i].userId === stock.chosen) return techs[i].name
        return ""
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        CentreBanner { screen: stock; Layout.fillWidth: true }
        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0
            ListView {
                objectName: "stockTechnicians"
                Layout.fillHeight: true
                Layout.preferredWidth: view.width * 0.32
                clip: true
                model: stock.technicians
                delegate: Rectangle {
                    id: techRow
                    required property var modelData
                    objectName: "stockTech_" + modelData.userId
                    width: ListView.view.width
                    height: metrics.touch * 1.3
                    color: stock.chosen === modelData.userId ? Theme.surface : Theme.background
                    border.color: stock.chosen === modelData.userId ? Theme.accent : "transparent"
                    border.width: Math.max(2, Math.round(metrics.dp * 2))
                    ColumnLayout {
                        anchors.fill: parent
                        anchors.leftMargin: metrics.spacing * 2
                        spacing: 0
                        Label { text: techRow.modelData.name; font.bold: true }
                        Label {
                            text: qsTr("%1 meters · %2 seals").arg(techRow.modelData.meters).arg(techRow.modelData.seals)
                            font.pixelSize: metrics.fontSmall
                        }
                    }
                    Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.rule }
                    TapHandler { onTapped: stock.choose(techRow.modelData.userId) }
                }
            }
            Rectangle { Layout.fillHeight: true; width: Math.max(2, Math.round(metrics.dp * 2)); color: Theme.rule }
            ColumnLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.margins: metrics.spacing * 2
                spacing: metrics.spacing
                Label {
                    text: qsTr("Issue to %1:").arg(view.chosenName)
                    font.bold: true
                    visible: stock.chosen !== ""
                }
                RowLayout {
                    visible: stock.chosen !== ""
                    spacing: metrics.spacing
                    BigButton {
                        objectName: "stockKind_meter"
                        text: qsTr("Meter"); highlighted: view.kind === "meter"
                        font.pixelSize: metrics.fontBody
                        onClicked: view.kind = "meter"
                    }
                    BigButton {
                        objectName: "stockKind_seal"
                        text: qsTr("Seal"); highlighted: view.kind === "seal"
                        font.pixelSize: metrics.fontBody
                        onClicked: view.kind = "seal"
                    }
                    TextField {
                        id: number
                        objectName: "stockNumber"
                        placeholderText: view.kind === "meter" ? qsTr("Scan the asset number") : qsTr("Scan the seal number")
                        Layout.fillWidth: true
                        Layout.preferredHeight: metrics.touch
                    }
                    TextField {
                        id: address
                        objectName: "stockAddress"
                        visible: view.kind === "meter"
                        placeholderText: qsTr("Meter address (12 digits)")
                        inputMethodHints: Qt.ImhDigitsOnly
                        Layout.preferredWidth: view.width * 0.18
                        Layout.preferredHeight: metrics.touch
                    }
                    BigButton {
                        objectName: "stockIssue"
                        text: qsTr("Issue")
                        highlighted: true
                        enabled: !stock.busy && number.text !== "" && (view.kind === "seal" || address.text.length === 12)
                        font.pixelSize: metrics.fontBody
                        onClicked: { stock.issue(view.kind, number.text, address.text); number.clear(); address.clear() }
                    }
                }
                Rectangle { Layout.fillWidth: true; height: 1; color: Theme.rule }
                ListView {
                    objectName: "stockItems"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: stock.items
                    Label {
                        anchors.centerIn: parent
                        visible: parent.count === 0 && stock.loaded
                        text: qsTr("Holds nothing.")
                        font.pixelSize: metrics.fontLarge
                    }
                    delegate: RowLayout {
                        id: itemRow
                        required property var modelData
                        width: ListView.view.width
                        height: metrics.touch * 1.1
                        Label {
                            text: (itemRow.modelData.kind === "meter" ? qsTr("Meter") : qsTr("Seal")) + "  " + itemRow.modelData.itemNo
                            font.bold: true
                            Layout.fillWidth: true
                            elide: Text.ElideMiddle
                        }
                        Label {
                            text: itemRow.modelData.address
                            font.pixelSize: metrics.fontSmall
                        }
                        BigButton {
                            objectName: "takeBack_" + itemRow.modelData.itemNo
                            text: qsTr("Take back")
                            enabled: !stock.busy
                            font.pixelSize: metrics.fontSmall
                            onClicked: stock.takeBack(itemRow.modelData.kind, itemRow.modelData.itemNo)
                        }
                    }
                }
            }
        }
    }
}
