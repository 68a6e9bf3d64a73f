import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// The PIN pad: big digit keys (gloves), the digits shown as dots, OK checks the PIN offline.
Rectangle {
    id: pad
    objectName: "pinPad"
    color: Theme.background
    property string pin: ""

    Connections {
        target: session
        function onChanged() { if (session.signInError !== "") pad.pin = "" }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: metrics.spacing * 2
        spacing: metrics.spacing

        Label {
            objectName: "pinTitle"
            text: session.unlockingName !== ""
                  ? qsTr("Team leader %1: your PIN, to unlock %2").arg(session.chosenName).arg(session.unlockingName)
                  : qsTr("PIN for %1").arg(session.chosenName)
            font.pixelSize: metrics.fontTitle
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "pinDots"
            text: pad.pin.length > 0 ? "● ".repeat(pad.pin.length) : qsTr("Enter your PIN")
            font.pixelSize: metrics.fontTitle
            Layout.alignment: Qt.AlignHCenter
        }
        Label {
            objectName: "signInError"
            visible: session.signInError !== ""
            text: session.signInError
            color: Theme.urgent
            font.pixelSize: metrics.fontBody
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            visible: session.signInHint !== ""
            text: qsTr("Hint from the administrator: %1").arg(session.signInHint)
            font.pixelSize: metrics.fontSmall
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        GridLayout {
            columns: 3
            rowSpacing: metrics.spacing
            columnSpacing: metrics.spacing
            Layout.fillWidth: true
            Layout.fillHeight: true
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
                delegate: BigButton {
                    required property string modelData
                    objectName: "pinKey_" + (modelData === "⌫" ? "back" : modelData === "OK" ? "ok" : modelData)
                    text: modelData === "OK" ? qsTr("OK") : modelData
                    highlighted: modelData === "OK"
                    enabled: !session.checking && (modelData !== "OK" || pad.pin.length >= 4)
                    font.pixelSize: metrics.fontTitle
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.preferredWidth: 1  // equal columns and rows, whatever the label
                    Layout.preferredHeight: 1
                    Layout.minimumHeight: metrics.touch * 1.2
                    onClicked: {
                        if (modelData === "⌫") pad.pin = pad.pin.slice(0, -1)
                        else if (modelData === "OK") session.signIn(session.chosenUserId, pad.pin)
                        else if (pad.pin.length < 8) pad.pin += modelData
                    }
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: metrics.spacing
            BigButton {
                objectName: "pinCancel"
                text: qsTr("Someone else")
                Layout.fillWidth: true
                onClicked: { pad.pin = ""; session.choose("") }
            }
            BigButton {
                objectName: "unlockButton"
                visible: session.chosenLocked
                text: qsTr("Team leader unlocks")
                Layout.fillWidth: true
                onClicked: { pad.pin = ""; session.startUnlock() }
            }
            BigButton {
                objectName: "scanBadge"
                visible: session.canScanBadge
                text: qsTr("Scan badge")
                Layout.fillWidth: true
                onClicked: session.signInWithBadge()
            }
        }
    }
}
