import QtQuick
import QtQuick.Controls

// A touch target never smaller than metrics.touch, heavy text, drawn flat (no shadow effects,
// which the software renderer of handhelds and captures cannot draw).
Button {
    id: button
    implicitHeight: Math.max(metrics.touch, implicitContentHeight + topPadding + bottomPadding)
    font.pixelSize: metrics.fontLarge
    font.bold: true
    padding: metrics.spacing * 1.5

    contentItem: Label {
        text: button.text
        font: button.font
        color: !button.enabled ? Theme.secondary : button.highlighted ? Theme.inverse : Theme.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.Wrap
    }
    background: Rectangle {
        radius: metrics.spacing
        color: !button.enabled ? Theme.surface
             : button.highlighted ? (button.down ? Qt.darker(Theme.accent, 1.3) : Theme.accent)
             : (button.down ? Theme.surface : Theme.background)
        border.color: button.enabled ? Theme.text : Theme.secondary
        border.width: button.highlighted && button.enabled ? 0 : Math.max(2, Math.round(metrics.dp * 1.5))
    }
}
