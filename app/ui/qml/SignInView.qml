import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// Sign-in: this handheld's team as big buttons, then everyone it knows, searchable;
// tapping a name asks for that person's PIN (or badge), checked offline.
ListView {
    id: list
    objectName: "signInView"
    clip: true
    reuseItems: true
    model: session.userResults
    leftMargin: metrics.spacing * 2
    rightMargin: metrics.spacing * 2
    bottomMargin: metrics.spacing * 2

    header: ColumnLayout {
        width: list.width - list.leftMargin - list.rightMargin
        spacing: metrics.spacing
        Label {
            text: qsTr("Who is working on this terminal?")
            font.pixelSize: metrics.fontTitle
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.topMargin: metrics.spacing * 2
        }
        Label {
            objectName: "belongsTo"
            visible: enrolment.belongsTo !== ""
            text: enrolment.belongsTo
            font.pixelSize: metrics.fontSmall
            color: Theme.secondary
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "signInMessage"
            visible: session.signInError !== "" && session.chosenUserId === ""
            text: session.signInError
            font.pixelSize: metrics.fontLarge
            font.bold: true
            color: Theme.urgent
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            visible: !session.hasUsers
            text: qsTr("This handheld knows no one of its team yet: it fills in at the next sync. Check the mobile signal.")
            font.pixelSize: metrics.fontBody
            font.bold: true
            color: Theme.urgent
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Repeater {
            model: session.featuredUsers
            delegate: BigButton {
                id: featured
                required property var modelData
                objectName: "featured_" + modelData.userId
                Layout.fillWidth: true
                Layout.preferredHeight: metrics.touch * 1.4
                highlighted: true
                text: modelData.name + "  ·  " + modelData.roleLabel
                      + (modelData.team !== "" ? "\n" + modelData.team : "")
                font.pixelSize: metrics.fontBody
                onClicked: session.choose(modelData.userId)
            }
        }
        Label {
            text: qsTr("Everyone")
            font.pixelSize: metrics.fontLarge
            font.bold: true
            Layout.topMargin: metrics.spacing * 2
        }
        TextField {
            objectName: "userSearch"
            placeholderText: qsTr("Search by name, number or team")
            font.pixelSize: metrics.fontBody
            Layout.fillWidth: true
            Layout.preferredHeight: metrics.touch
            onTextChanged: session.filterUsers(text)
        }
    }

    delegate: Rectangle {
        id: person
        required property var modelData
        width: ListView.view.width - list.leftMargin - list.rightMargin
        height: metrics.touch * 1.2
        color: personTap.pressed ? Theme.surface : Theme.background
        RowLayout {
            anchors.fill: parent
            spacing: metrics.spacing
            Label {
                text: person.modelData.name
                font.pixelSize: metrics.fontLarge
                font.bold: true
                Layout.preferredWidth: parent.width * 0.3
                elide: Text.ElideRight
            }
            Label {
                text: person.modelData.roleLabel + " · " + person.modelData.userId
                      + (person.modelData.team !== "" ? "\n" + person.modelData.team : "")
                font.pixelSize: metrics.fontSmall
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
        }
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.rule }
        TapHandler {
            id: personTap
            onTapped: session.choose(person.modelData.userId)
        }
    }

    PinPad {
        parent: list
        anchors.fill: parent
        z: 10
        visible: session.chosenUserId !== ""
    }
}
