import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// Administration (desktop build, administrators): users, teams, terminals and the audit log as
// the centre holds them, with the acts on them. Every act is in the centre's audit log.
Rectangle {
    id: view
    objectName: "adminView"
    color: Theme.background
    property string armed: ""  // a terminal whose lock waits for its confirmation
    property string pinFor: ""  // the user whose new PIN is being typed

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        CentreBanner { screen: admin; Layout.fillWidth: true }
        RowLayout {
            Layout.fillWidth: true
            Layout.margins: metrics.spacing * 2
            spacing: metrics.spacing
            Repeater {
                model: [{ name: "users", text: qsTr("Users") }, { name: "teams", text: qsTr("Teams") },
                        { name: "devices", text: qsTr("Terminals") }, { name: "audit", text: qsTr("Audit log") }]
                delegate: BigButton {
                    required property var modelData
                    objectName: "adminTab_" + modelData.name
                    text: modelData.text
                    highlighted: admin.tab === modelData.name
                    font.pixelSize: metrics.fontBody
                    onClicked: admin.setTab(modelData.name)
                }
            }
            Item { Layout.fillWidth: true }
            BigButton {
                text: qsTr("Refresh")
                enabled: !admin.busy
                font.pixelSize: metrics.fontBody
                onClicked: admin.reload()
            }
        }
        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: ["users", "teams", "devices", "audit"].indexOf(admin.tab)

            // -- users ------------------------------------------------------------------------
            ColumnLayout {
                spacing: 0
                AdminUserForm { Layout.fillWidth: true }
                ListView {
                    objectName: "adminUsers"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: admin.users
                    ScrollIndicator.vertical: ScrollIndicator { }
                    delegate: Rectangle {
                        id: userRow
                        required property var modelData
                        objectName: "adminUser_" + modelData.userId
                        width: ListView.view.width
                        height: userLine.implicitHeight + metrics.spacing * 2
                        RowLayout {
                            id: userLine
                            anchors.fill: parent
                            anchors.leftMargin: metrics.spacing * 2
                            anchors.rightMargin: metrics.spacing * 2
                            spacing: metrics.spacing
                            Label {
                                text: userRow.modelData.name + "  (" + userRow.modelData.userId + ")"
                                font.bold: true
                                Layout.preferredWidth: view.width * 0.25
                                elide: Text.ElideRight
                            }
                            Label { text: userRow.modelData.roleLabel; Layout.preferredWidth: view.width * 0.12 }
                            Label {
                                text: userRow.modelData.team
                                Layout.fillWidth: true
                                elide: Text.ElideRight
                            }
                            TextField {
                                objectName: "newPin"
                                visible: view.pinFor === userRow.modelData.userId
                                placeholderText: qsTr("New PIN")
                                echoMode: TextInput.Password
                                inputMethodHints: Qt.ImhDigitsOnly
                                validator: RegularExpressionValidator { regularExpression: /[0-9]{0,8}/ }
                                Layout.preferredWidth: view.width * 0.12
                                Layout.preferredHeight: metrics.touch
                                onAccepted: { admin.setPin(userRow.modelData.userId, text); view.pinFor = "" }
                            }
                            BigButton {
                                objectName: "setPin_" + userRow.modelData.userId
                                text: view.pinFor === userRow.modelData.userId ? qsTr("Cancel") : qsTr("Set PIN")
                                font.pixelSize: metrics.fontSmall
                                onClicked: view.pinFor = view.pinFor === userRow.modelData.userId ? ""
                                                                                                : userRow.modelData.userId
                            }
                            BigButton {
                                objectName: "issueCode_" + userRow.modelData.userId
                                text: qsTr("Enrolment code")
                                enabled: !admin.busy
                                font.pixelSize: metrics.fontSmall
                                onClicked: admin.issueCode(userRow.modelData.userId)
                            }
                        }
                        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.rule }
                    }
                }
            }

            // -- teams ------------------------------------------------------------------------
            ColumnLayout {
                spacing: 0
                RowLayout {
                    Layout.fillWidth: true
                    Layout.margins: metrics.spacing * 2
                    spacing: metrics.spacing
                    TextField { id: teamId; objectName: "newTeamId"; placeholderText: qsTr("Team number"); Layout.preferredHeight: metrics.touch }
                    TextField { id: teamCompany; objectName: "newTeamCompany"; placeholderText: qsTr("Company"); Layout.preferredHeight: metrics.touch }
                    TextField { id: teamName; objectName: "newTeamName"; placeholderText: qsTr("Team name"); Layout.fillWidth: true; Layout.preferredHeight: metrics.touch }
                    BigButton {
                        objectName: "createTeam"
                        text: qsTr("Create team")
                        highlighted: true
                        enabled: !admin.busy && teamId.text !== "" && teamCompany.text !== "" && teamName.text !== ""
                        font.pixelSize: metrics.fontBody
                        onClicked: { admin.createTeam(teamId.text, teamCompany.text, teamName.text); teamId.clear(); teamName.clear() }
                    }
                }
                ListView {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: admin.teams
                    delegate: Label {
                        required property var modelData
                        width: ListView.view.width
                        leftPadding: metrics.spacing * 2
                        height: metrics.touch
                        verticalAlignment: Text.AlignVCenter
                        text: modelData.name + "  (" + modelData.teamId + ", " + modelData.companyId + ")  · "
                              + qsTr("%1 people").arg(modelData.members)
                    }
                }
            }

            // -- terminals --------------------------------------------------------------------
            ListView {
                objectName: "adminDevices"
                clip: true
                model: admin.devices
                ScrollIndicator.vertical: ScrollIndicator { }
                delegate: Rectangle {
                    id: deviceRow
                    required property var modelData
                    width: ListView.view.width
                    height: deviceLine.implicitHeight + metrics.spacing * 2
                    RowLayout {
                        id: deviceLine
                        anchors.fill: parent
                        anchors.leftMargin: metrics.spacing * 2
                        anchors.rightMargin: metrics.spacing * 2
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Label { text: deviceRow.modelData.owner + " · " + deviceRow.modelData.name; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
                            Label {
                                text: qsTr("Enrolled %1 · last contact %2").arg(deviceRow.modelData.enrolled)
                                          .arg(deviceRow.modelData.lastSeen !== "" ? deviceRow.modelData.lastSeen : qsTr("never"))
                                font.pixelSize: metrics.fontSmall
                            }
                        }
                        Label {
                            visible: deviceRow.modelData.revoked
                            text: qsTr("Locked")
                            color: Theme.urgent
                            font.bold: true
                        }
                        BigButton {
                            objectName: "revoke_" + deviceRow.modelData.deviceId
                            visible: !deviceRow.modelData.revoked
                            enabled: !admin.busy
                            highlighted: view.armed === deviceRow.modelData.deviceId
                            text: view.armed === deviceRow.modelData.deviceId ? qsTr("Tap again to lock") : qsTr("Lock terminal")
                            font.pixelSize: metrics.fontSmall
                            onClicked: {
                                if (view.armed === deviceRow.modelData.deviceId) {
                                    admin.revokeDevice(deviceRow.modelData.deviceId); view.armed = ""
                                } else {
                                    view.armed = deviceRow.modelData.deviceId
                                }
                            }
                        }
                    }
                    Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.rule }
                }
            }

            // -- audit log --------------------------------------------------------------------
            ListView {
                objectName: "adminAudit"
                clip: true
                model: admin.audit
                ScrollIndicator.vertical: ScrollIndicator { }
                delegate: Label {
                    required property var modelData
                    width: ListView.view.width
                    leftPadding: metrics.spacing * 2
                    height: metrics.touch * 0.8
                    verticalAlignment: Text.AlignVCenter
                    elide: Text.ElideRight
                    text: modelData.at + "   " + modelData.actor + "   " + modelData.action + "   " + modelData.target
                }
            }
        }
    }
}
