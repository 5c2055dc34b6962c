package studio.mobilei2v.studio.menu;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.timeline.TimelineEdits;

import java.nio.file.Path;

/**
 * File, Edit, Run, View, Help. The accelerators shown are handled by the studio's key filter (so
 * that typing in a field keeps Ctrl+Z, Ctrl+V and Delete for the field); the items themselves do
 * the same as the keys.
 */
public final class StudioMenuBar {
    public static final KeyCombination ADD = new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination PASTE = new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination EXPORT = new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination QUIT = new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination UNDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination REDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    public static final KeyCombination GENERATE = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination GENERATE_ALL = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    public static final KeyCombination CANCEL = new KeyCodeCombination(KeyCode.ESCAPE);
    public static final KeyCombination DELETE = new KeyCodeCombination(KeyCode.DELETE);

    private final MenuBar bar = new MenuBar();
    private final Menu recent = new Menu("Recent pictures");

    public StudioMenuBar(MenuActions a, StudioState state, TimelineEdits edits, ObjectProperty<RecentFiles> recentFiles,
                         javafx.beans.property.BooleanProperty poolIncludesThisComputer) {
        bar.setId("menuBar");
        bar.setUseSystemMenuBar(true); // the Mac's screen menu bar; elsewhere an ordinary bar in the window

        MenuItem add = item("Add pictures…", ADD, a::addPictures, "menuAdd");
        MenuItem paste = item("Paste picture", PASTE, a::paste, "menuPaste");
        recent.setId("menuRecent");
        recentFiles.addListener((o, x, r) -> fillRecent(a, r));
        fillRecent(a, recentFiles.get());
        MenuItem export = item("Export…", EXPORT, a::export, "menuExport");
        export.disableProperty().bind(Bindings.isEmpty(state.clips));
        MenuItem quit = item("Quit", QUIT, a::quit, "menuQuit");
        Menu file = new Menu("File", null, add, paste, recent, new SeparatorMenuItem(), export, new SeparatorMenuItem(), quit);

        MenuItem undo = item("Undo", UNDO, a::undo, "menuUndo");
        undo.disableProperty().bind(edits.canUndoProperty().not());
        undo.textProperty().bind(Bindings.when(edits.canUndoProperty()).then(Bindings.concat("Undo ", edits.undoNameProperty())).otherwise("Undo"));
        MenuItem redo = item("Redo", REDO, a::redo, "menuRedo");
        redo.disableProperty().bind(edits.canRedoProperty().not());
        redo.textProperty().bind(Bindings.when(edits.canRedoProperty()).then(Bindings.concat("Redo ", edits.redoNameProperty())).otherwise("Redo"));
        MenuItem delete = item("Delete clip", DELETE, a::deleteSelected, "menuDelete");
        delete.disableProperty().bind(state.selectedClip.isNull());
        Menu edit = new Menu("Edit", null, undo, redo, new SeparatorMenuItem(), delete);

        MenuItem generate = item("Generate selected clip", GENERATE, a::generate, "menuGenerate");
        generate.disableProperty().bind(state.running.or(state.bundle.isNull()).or(state.exporting).or(Bindings.isEmpty(state.clips)));
        MenuItem all = item("Generate all ungenerated clips", GENERATE_ALL, a::generateAll, "menuGenerateAll");
        all.disableProperty().bind(generate.disableProperty());
        MenuItem cancel = item("Cancel", CANCEL, a::cancel, "menuCancel");
        cancel.disableProperty().bind(state.running.not());
        Menu run = new Menu("Run", null, generate, all, cancel);

        MenuItem pool = item("Generate all on every device", null, a::generateAllOnDevices, "menuGenerateAllDevices");
        pool.disableProperty().bind(generate.disableProperty());
        javafx.scene.control.CheckMenuItem poolLocal = new javafx.scene.control.CheckMenuItem("Include this computer in the pool");
        poolLocal.setId("menuPoolIncludesLocal");
        poolLocal.selectedProperty().bindBidirectional(poolIncludesThisComputer);
        MenuItem compare = item("Compare devices on the selected clip", null, a::compareDevices, "menuCompareDevices");
        compare.disableProperty().bind(state.running.or(state.bundle.isNull()).or(state.selectedClip.isNull()));
        MenuItem adb = item("ADB server…", null, a::adbServer, "menuAdbServer");
        adb.disableProperty().bind(state.running);
        Menu devices = new Menu("Devices", null, pool, poolLocal, compare, new SeparatorMenuItem(), adb);

        Menu view = new Menu("View", null, item("Latency", null, () -> a.showTab("Latency"), "menuLatency"),
                item("History", null, () -> a.showTab("History"), "menuHistory"));
        Menu help = new Menu("Help", null, item("Keyboard shortcuts", null, a::showShortcuts, "menuShortcuts"),
                item("About MobileI2V Studio", null, a::showAbout, "menuAbout"));
        bar.getMenus().setAll(file, edit, run, devices, view, help);
    }

    private static MenuItem item(String text, KeyCombination key, Runnable action, String id) {
        MenuItem m = new MenuItem(text);
        m.setId(id);
        if (key != null) m.setAccelerator(key);
        m.setOnAction(e -> action.run());
        return m;
    }

    private void fillRecent(MenuActions a, RecentFiles r) {
        recent.getItems().clear();
        if (r == null || r.files().isEmpty()) {
            MenuItem none = new MenuItem("(none yet)");
            none.setDisable(true);
            recent.getItems().add(none);
            return;
        }
        for (String f : r.files()) {
            Path p = Path.of(f);
            MenuItem m = new MenuItem(p.getFileName() + "  —  " + (p.getParent() == null ? "" : p.getParent()));
            m.setMnemonicParsing(false);
            m.setOnAction(e -> a.openRecent(p));
            recent.getItems().add(m);
        }
    }

    public MenuBar bar() { return bar; }
}
