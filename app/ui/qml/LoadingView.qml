import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// Shown while the store opens or a user's orders load (all of it off the GUI thread).
Item {
    ColumnLayout {
        anchors.centerIn: parent
        width: parent.width - metrics.spacing * 4
        spacing: metrics.spacing * 2
        BusyIndicator {
            // Shown only when the wait is noticeable: a quick start renders no spinner frames.
            id: spinner
            running: false
            visible: running
            Timer {
                interval: 400
                running: session.state !== "error"
                onTriggered: spinner.running = true
            }
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: metrics.touch * 1.5
            Layout.preferredHeight: metrics.touch * 1.5
        }
        Label {
            text: session.statusText
            font.pixelSize: metrics.fontLarge
            font.bold: true
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
            Layout.fillWidth: true
        }
        BigButton {
            visible: session.state === "error"
            text: qsTr("Try again")
            Layout.alignment: Qt.AlignHCenter
            onClicked: session.start()
        }
    }
}
