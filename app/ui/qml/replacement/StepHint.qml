import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// What to do at this step, in one or two sentences.
Label {
    font.pixelSize: metrics.fontLarge
    wrapMode: Text.Wrap
    Layout.fillWidth: true
}
