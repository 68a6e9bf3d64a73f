import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "components"

// Link and sync state, always in the header. Tap: ask for a sync now.
Rectangle {
    id: indicator
    objectName: "syncIndicator"
    implicitWidth: Math.max(metrics.touch * 2, lines.implicitWidth + metrics.spacing * 2)
    implicitHeight: Math.max(metrics.touch, lines.implicitHeight + metrics.spacing)
    radius: metrics.spacing
    color: tap.pressed ? Theme.surface : Theme.background
    border.color: Theme.text
    border.width: Math.max(2, Math.round(metrics.dp * 1.5))

    ColumnLayout {
        id: lines
        anchors.centerIn: parent
        spacing: 0
        RowLayout {
            spacing: metrics.spacing / 2
            Rectangle {   // filled: online, hollow: offline (the text says it too)
                implicitWidth: metrics.fontSmall * 0.7
                implicitHeight: implicitWidth
                radius: implicitWidth / 2
                color: sync.online ? Theme.ok : Theme.background
                border.color: sync.online ? Theme.ok : Theme.text
                border.width: 2
            }
            Label {
                text: sync.linkText + " · " + sync.pendingText
                font.pixelSize: metrics.fontSmall
                font.bold: true
            }
        }
        Label {
            text: sync.lastSuccessText
            font.pixelSize: metrics.fontSmall
        }
        Label {
            visible: sync.lastError !== ""
            text: qsTr("Error: %1").arg(sync.errorText)
            color: Theme.urgent
            font.pixelSize: metrics.fontSmall
            font.bold: true
            elide: Text.ElideRight
            Layout.maximumWidth: metrics.touch * 3
        }
        Label {   // outbox rows this handheld could not send: quarantined and reported, never lost
            objectName: "syncDamaged"
            visible: sync.damagedText !== ""
            text: sync.damagedText
            color: Theme.urgent
            font.pixelSize: metrics.fontSmall
            font.bold: true
            elide: Text.ElideRight
            Layout.maximumWidth: metrics.touch * 3
        }
    }
    TapHandler {
        id: tap
        onTapped: sync.requestSync()
    }
}
