import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Step 3: the customer checks the final reading and signs with a finger; a photo of the old meter.
StepPage {
    id: step
    objectName: "confirmStep"
    spacing: metrics.spacing
    property bool inked: false

    StepHint { text: qsTr("The customer checks the final reading and signs below.") }
    ReadingTable { Layout.fillWidth: true; rows: replacement.readings }
    actions: [
        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: Math.max(metrics.touch * 4, step.height * 0.3)
            color: "white"
            border.color: Theme.rule
            border.width: Math.max(2, Math.round(metrics.dp * 2))
            Canvas {
                id: pad
                objectName: "signaturePad"
                anchors.fill: parent
                anchors.margins: parent.border.width
                property var strokes: []
                property var current: []
                onPaint: {
                    var ctx = getContext("2d")
                    ctx.fillStyle = "white"
                    ctx.fillRect(0, 0, width, height)
                    ctx.strokeStyle = "black"
                    ctx.lineWidth = Math.max(3, metrics.dp * 3)
                    ctx.lineCap = "round"
                    ctx.lineJoin = "round"
                    var all = strokes.concat([current])
                    for (var i = 0; i < all.length; i++) {
                        var s = all[i]
                        if (s.length === 0) continue
                        ctx.beginPath()
                        ctx.moveTo(s[0].x, s[0].y)
                        for (var j = 1; j < s.length; j++) ctx.lineTo(s[j].x, s[j].y)
                        if (s.length === 1) ctx.lineTo(s[0].x + 1, s[0].y + 1)
                        ctx.stroke()
                    }
                }
                function clear() {
                    strokes = []
                    current = []
                    step.inked = false
                    requestPaint()
                }
                MouseArea {
                    anchors.fill: parent
                    preventStealing: true  // a stroke is never taken for a scroll
                    onPressed: (mouse) => { pad.current = [Qt.point(mouse.x, mouse.y)]; pad.requestPaint() }
                    onPositionChanged: (mouse) => {
                        pad.current = pad.current.concat([Qt.point(mouse.x, mouse.y)])
                        pad.requestPaint()
                    }
                    onReleased: {
                        pad.strokes = pad.strokes.concat([pad.current])
                        pad.current = []
                        step.inked = true
                        pad.requestPaint()
                    }
                }
            }
            Label {
                anchors.centerIn: parent
                visible: !step.inked
                text: qsTr("Customer signs here")
                color: Theme.secondary
                font.pixelSize: metrics.fontLarge
            }
        },
        RowLayout {
            Layout.fillWidth: true
            spacing: metrics.spacing
            BigButton {
                objectName: "clearSignatureButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                enabled: !replacement.busy
                text: qsTr("Clear")
                onClicked: { pad.clear(); replacement.clearSignature() }
            }
            BigButton {
                objectName: "confirmButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 2
                Layout.preferredHeight: metrics.touch * 1.5
                highlighted: true
                enabled: !replacement.busy
                text: qsTr("Photograph the old meter and confirm")
                onClicked: replacement.confirm(step.inked ? pad.toDataURL("image/png") : "")
            }
        }
    ]
}
