import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// One step screen: its content scrolls if it must; its buttons stay at the bottom, always in reach.
ColumnLayout {
    id: page
    default property alias content: body.data
    property alias actions: bottom.data
    spacing: metrics.spacing

    Flickable {
        id: flick
        objectName: "stepFlick"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        contentWidth: width
        contentHeight: body.implicitHeight
        interactive: contentHeight > height
        ScrollIndicator.vertical: ScrollIndicator { }
        ColumnLayout {
            id: body
            width: flick.width
            spacing: metrics.spacing
        }
    }
    ColumnLayout {
        id: bottom
        Layout.fillWidth: true
        Layout.fillHeight: false  // a nested layout fills by default: with no button shown it took half the page
        spacing: metrics.spacing
    }
}
