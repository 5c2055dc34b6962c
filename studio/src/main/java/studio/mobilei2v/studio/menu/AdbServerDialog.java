package studio.mobilei2v.studio.menu;

import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.Optional;

/**
 * Devices > ADB server…: which adb server lists the devices. Empty keeps adb's own rules; a
 * device rack's server (DeviceFarmer/STF, a lab host) is named as HOST:PORT. The caller checks
 * and keeps the answer, so a bad value is refused with a message naming it.
 *
 * @param current the setting as stored ("" for adb's own rules)
 * @param inUse   the server used now and where that came from, in words
 */
public record AdbServerDialog(String current, String inUse) {

    /** Shows the dialog; the text entered (possibly empty), or nothing when cancelled. */
    public Optional<String> show(Window owner) {
        Dialog<String> d = new Dialog<>();
        d.setTitle("ADB server");
        d.setHeaderText("Which adb server lists the devices");
        if (owner != null) d.initOwner(owner);
        TextField field = new TextField(current);
        field.setId("adbServerField");
        field.setPromptText("HOST:PORT, e.g. 10.0.0.5:5037 (empty: this computer's)");
        Label now = new Label("In use now: " + inUse);
        now.setWrapText(true);
        Label hint = new Label("Empty: adb's own rules (ADB_SERVER_SOCKET=tcp:HOST:PORT, else ANDROID_ADB_SERVER_PORT, "
                + "else port 5037 on this computer). A device rack such as DeviceFarmer/STF: the HOST:PORT of its adb "
                + "server; devices it lists (and \"adb connect\" endpoints) appear in the run-target switch. A server on "
                + "another computer is never started from here.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        VBox box = new VBox(8, field, now, hint);
        box.setPrefWidth(520);
        d.getDialogPane().setContent(box);
        d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> b == ButtonType.OK ? field.getText() : null);
        return d.showAndWait();
    }
}
