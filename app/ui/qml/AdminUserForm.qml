import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// A new user: staff number and name typed (the administrator's desk), role and team tapped.
ColumnLayout {
    id: form
    property string role: "technician"
    property string team: ""
    spacing: metrics.spacing
    RowLayout {
        Layout.fillWidth: true
        Layout.leftMargin: metrics.spacing * 2
        Layout.rightMargin: metrics.spacing * 2
        spacing: metrics.spacing
        TextField { id: userId; objectName: "newUserId"; placeholderText: qsTr("Staff number"); Layout.preferredHeight: metrics.touch }
        TextField { id: userName; objectName: "newUserName"; placeholderText: qsTr("Name"); Layout.fillWidth: true; Layout.preferredHeight: metrics.touch }
        BigButton {
            objectName: "createUser"
            text: qsTr("Create user")
            highlighted: true
            enabled: !admin.busy && userId.text !== "" && userName.text !== ""
                     && (form.team !== "" || form.role === "administrator" || form.role === "metering_centre")
            font.pixelSize: metrics.fontBody
            onClicked: {
                const teamless = form.role === "administrator" || form.role === "metering_centre"
                admin.createUser(userId.text, userName.text, form.role, teamless ? "" : form.team)
                userId.clear(); userName.clear()
            }
        }
    }
    Flow {
        Layout.fillWidth: true
        Layout.leftMargin: metrics.spacing * 2
        spacing: metrics.spacing
        Repeater {
            model: admin.roles
            delegate: BigButton {
                required property var modelData
                objectName: "newUserRole_" + modelData.code
                text: modelData.label
                highlighted: form.role === modelData.code
                font.pixelSize: metrics.fontSmall
                onClicked: form.role = modelData.code
            }
        }
    }
    Flow {
        Layout.fillWidth: true
        Layout.leftMargin: metrics.spacing * 2
        Layout.bottomMargin: metrics.spacing
        spacing: metrics.spacing
        visible: form.role !== "administrator" && form.role !== "metering_centre"
        Repeater {
            model: admin.teamChoices
            delegate: BigButton {
                required property var modelData
                objectName: "newUserTeam_" + modelData.teamId
                text: modelData.name
                highlighted: form.team === modelData.teamId
                font.pixelSize: metrics.fontSmall
                onClicked: form.team = modelData.teamId
            }
        }
    }
    Rectangle { Layout.fillWidth: true; height: Math.max(2, Math.round(metrics.dp * 2)); color: Theme.rule }
}
