import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// Who is signed in, and the way out.
Rectangle {
    implicitHeight: metrics.touch + metrics.spacing
    color: Theme.surface
    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: metrics.spacing * 2
        anchors.rightMargin: metrics.spacing
        Label {
            text: session.userName + " · " + session.roleLabel
                  + (session.teamName !== "" ? " · " + session.teamName : "")
            font.pixelSize: metrics.fontBody
            font.bold: true
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Button {
            objectName: "signOutButton"
            text: qsTr("Sign out")
            font.pixelSize: metrics.fontBody
            font.bold: true
            flat: true
            Layout.preferredHeight: metrics.touch
            Layout.minimumWidth: metrics.touch
            onClicked: session.signOut()
        }
    }
}
