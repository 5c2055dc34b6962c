package studio.mobilei2v.studio.app;

import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.messages.Messages;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Window;
import studio.mobilei2v.studio.export.ExportController;
import studio.mobilei2v.studio.menu.ClipboardPictures;
import studio.mobilei2v.studio.menu.MenuActions;
import studio.mobilei2v.studio.menu.PictureChooser;
import studio.mobilei2v.studio.menu.RecentFiles;
import studio.mobilei2v.studio.menu.StudioMenuBar;
import studio.mobilei2v.studio.player.PlayerController;
import studio.mobilei2v.studio.session.SessionKeeper;
import studio.mobilei2v.studio.task.BackgroundTask;
import studio.mobilei2v.studio.timeline.TimelineController;
import studio.mobilei2v.studio.toolbar.ToolbarController;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the menu bar and the keyboard do: add pictures (chooser, paste, recent), export, quit
 * (which saves the session first), undo/redo, generate/cancel. One place, so a menu item and its
 * shortcut can never do different things.
 */
public final class StudioCommands implements MenuActions {
    private final StudioState state;
    private final StudioServices services;
    private final ToolbarController toolbar;
    private final TimelineController timeline;
    private final PlayerController player;
    private final ExportController export;
    private final SessionKeeper session;
    private final Path recentFile;
    private final ObjectProperty<RecentFiles> recent = new SimpleObjectProperty<>(this, "recent");
    private final Supplier<Window> window;
    private PictureChooser chooser;
    private Consumer<String> showTab = t -> { };
    private Runnable exit = Platform::exit;
    private Runnable beforeExit = () -> { };
    private studio.mobilei2v.studio.targets.AdbServerSetting adbServer;

    StudioCommands(StudioState state, StudioServices services, ToolbarController toolbar, TimelineController timeline,
                   PlayerController player, ExportController export, SessionKeeper session, Path recentFile,
                   PictureChooser chooser, Supplier<Window> window) {
        this.state = state;
        this.services = services;
        this.toolbar = toolbar;
        this.timeline = timeline;
        this.player = player;
        this.export = export;
        this.session = session;
        this.recentFile = recentFile;
        this.chooser = chooser;
        this.window = window;
        recent.set(new RecentFiles(null, List.of()));
        services.executor().execute(BackgroundTask.of("Read recent files", ctx -> RecentFiles.load(recentFile)).onSuccess(recent::set));
    }

    public ObjectProperty<RecentFiles> recentProperty() { return recent; }

    /** The adb server setting the device list and device runs follow (null: fixed by whoever made the studio). */
    void setAdbServerSetting(studio.mobilei2v.studio.targets.AdbServerSetting setting) { this.adbServer = setting; }

    /** The file dialog (UI tests put in one that answers without a native window). */
    public void setChooser(PictureChooser chooser) { this.chooser = chooser; }

    /** What happens after the session is saved on Quit (the app exits the JavaFX platform). */
    public void setExit(Runnable exit) { this.exit = exit; }

    void setShowTab(Consumer<String> showTab) { this.showTab = showTab; }

    /** Runs after the session is saved and before the exit (the window layout is remembered). */
    void setBeforeExit(Runnable r) { this.beforeExit = r; }

    @Override
    public void addPictures() {
        List<Path> files = chooser.choose(window.get(), recent.get().folderPath());
        if (!files.isEmpty()) add(files);
    }

    /** Adds files as clips at the end of the timeline and remembers them as recent. */
    public void add(List<Path> files) {
        if (state.facts.get() == null) {
            services.messages().info("The model is still opening; add the pictures again in a moment.");
            return;
        }
        timeline.addPictures(files, added -> {
            if (added.isEmpty()) return;
            RecentFiles next = recent.get().with(files);
            recent.set(next);
            services.executor().execute(BackgroundTask.of("Save recent files", ctx -> { next.save(recentFile); return null; }));
        });
    }

    @Override
    public void paste() {
        ClipboardPictures.Content c = ClipboardPictures.read(Clipboard.getSystemClipboard());
        if (c.isEmpty()) {
            services.messages().info("The clipboard holds no picture or file to add (copy an image or a picture file first).");
        } else if (!c.files().isEmpty()) {
            add(c.files());
        } else {
            services.executor().execute(BackgroundTask.of("Paste picture", ctx -> ClipboardPictures.savePasted(c.image(), services.sourcesDir()))
                    .onSuccess(p -> timeline.addPictures(List.of(p), added -> { }))
                    .onFailure(e -> services.messages().error("The pasted picture could not be kept", e)));
        }
    }

    @Override
    public void openRecent(Path file) {
        if (!Files.exists(file)) {
            services.messages().error("No such file: " + file + " (it was moved or deleted since it was added).");
            return;
        }
        add(List.of(file));
    }

    @Override public void export() { export.openDialog(); }

    /** Saves the session (waiting for it), then exits. A failed save asks before anything is lost. */
    @Override
    public void quit() {
        if (state.running.get()) toolbar.cancel();
        try {
            session.saveNow();
        } catch (Exception e) {
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, "The session could not be saved: " + Messages.describe(e)
                    + "\n\nQuit anyway? The timeline would not come back on the next start.", ButtonType.YES, ButtonType.NO);
            a.setHeaderText("Quit without saving?");
            if (a.showAndWait().orElse(ButtonType.NO) != ButtonType.YES) return;
        }
        beforeExit.run();
        exit.run();
    }

    @Override public void undo() { timeline.undo(); }
    @Override public void redo() { timeline.redo(); }
    @Override public void deleteSelected() { timeline.deleteSelected(); }
    @Override public void generate() { toolbar.generate(); }
    @Override public void generateAll() { toolbar.generateAll(); }
    @Override public void cancel() { toolbar.cancel(); }
    @Override public void generateAllOnDevices() { toolbar.generateAllOnDevices(); }
    @Override public void compareDevices() { toolbar.compareDevices(); }

    @Override
    public void adbServer() {
        if (adbServer == null) {
            services.messages().info("This studio was started with a fixed adb server; its setting cannot be changed here.");
            return;
        }
        new studio.mobilei2v.studio.menu.AdbServerDialog(adbServer.value(), adbServer.describe()).show(window.get())
                .ifPresent(this::setAdbServer);
    }

    /**
     * Keeps {@code text} ("HOST:PORT", or empty for adb's own rules) as the adb server and reconnects
     * the device list to it; device generators reconnect on their next run. False (with a message
     * naming the setting) when it is not valid or cannot be saved: nothing changes then.
     */
    public boolean setAdbServer(String text) {
        if (adbServer == null) return false;
        if (state.running.get()) {
            services.messages().warn("Cancel the run in flight before changing the adb server.");
            return false;
        }
        studio.mobilei2v.bridge.AdbServerAddress address;
        try {
            address = adbServer.set(text);
        } catch (studio.mobilei2v.bridge.BridgeException e) {
            services.messages().error("The adb server '" + text + "' is not valid", e);
            return false;
        } catch (java.io.IOException e) {
            services.messages().error("The adb server setting could not be saved", e);
            return false;
        }
        java.util.List<studio.mobilei2v.inference.VideoGenerator> old = services.generators().removeDevices();
        services.executor().execute(BackgroundTask.of("Close device runs", ctx -> {
            old.forEach(studio.mobilei2v.inference.VideoGenerator::close); // stops the runners over the old link
            return null;
        }));
        services.devices().reconnect();
        services.messages().info("Devices now come from the adb server at " + address + ".");
        return true;
    }
    @Override public void showTab(String name) { showTab.accept(name); }

    @Override
    public void showShortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION, String.join("\n",
                "Ctrl+O  add pictures", "Ctrl+V  paste a picture or copied files", "Ctrl+E  export",
                "Ctrl+Enter  generate the selected clip", "Ctrl+Shift+Enter  generate all ungenerated clips",
                "Esc  cancel the run", "Space  play / pause", "Delete  delete the selected clip",
                "Ctrl+Z / Ctrl+Shift+Z  undo / redo timeline edits", "Ctrl+Q  quit (the session is kept)"));
        a.setHeaderText("Keyboard shortcuts");
        a.initOwner(window.get());
        a.show();
    }

    @Override
    public void showAbout() {
        Alert a = new Alert(Alert.AlertType.INFORMATION, "MobileI2V Studio " + studio.mobilei2v.BuildInfo.version()
                + "\nFast image-to-video on this computer or a phone on a USB cable.\nSession, history and settings: "
                + session.file().getParent());
        a.setHeaderText("MobileI2V Studio");
        a.initOwner(window.get());
        a.show();
    }

    /** The window's shortcuts. Space, Delete, Ctrl+Z and Ctrl+V are left to a text field being typed in. */
    void onKey(KeyEvent e) {
        boolean typing = e.getTarget() instanceof TextInputControl;
        Runnable action = null;
        if (StudioMenuBar.GENERATE_ALL.match(e)) action = this::generateAll;
        else if (StudioMenuBar.GENERATE.match(e)) action = this::generate;
        else if (StudioMenuBar.EXPORT.match(e)) action = this::export;
        else if (StudioMenuBar.ADD.match(e)) action = this::addPictures;
        else if (StudioMenuBar.QUIT.match(e)) action = this::quit;
        else if (e.getCode() == KeyCode.ESCAPE && state.running.get()) action = this::cancel;
        else if (!typing) {
            if (e.getCode() == KeyCode.SPACE && !e.isShortcutDown()) action = player::togglePlay;
            else if (StudioMenuBar.DELETE.match(e)) action = this::deleteSelected;
            else if (StudioMenuBar.REDO.match(e) || new javafx.scene.input.KeyCodeCombination(KeyCode.Y,
                    javafx.scene.input.KeyCombination.SHORTCUT_DOWN).match(e)) action = this::redo;
            else if (StudioMenuBar.UNDO.match(e)) action = this::undo;
            else if (StudioMenuBar.PASTE.match(e)) action = this::paste;
        }
        if (action != null) {
            e.consume();
            action.run();
        }
    }
}
