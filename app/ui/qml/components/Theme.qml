pragma Singleton
import QtQuick

// High-contrast light theme for sunlight: black on white, one dark accent.
QtObject {
    readonly property color background: "#FFFFFF"
    readonly property color text: "#000000"
    readonly property color secondary: "#1F1F1F"
    readonly property color accent: "#0B3D91"
    readonly property color inverse: "#FFFFFF"
    readonly property color surface: "#F2F2F2"
    readonly property color rule: "#000000"
    readonly property color urgent: "#B00020"
    readonly property color ok: "#0A5C1E"
}
