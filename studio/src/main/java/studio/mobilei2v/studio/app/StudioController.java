package studio.mobilei2v.studio.app;

import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.messages.Messages;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;
import studio.mobilei2v.studio.engine.GeneratorCache;
import studio.mobilei2v.studio.engine.GeneratorFactory;
import studio.mobilei2v.studio.export.ExportController;
import studio.mobilei2v.studio.history.HistoryController;
import studio.mobilei2v.studio.store.HistoryStore;
import studio.mobilei2v.studio.store.StudioPaths;
import studio.mobilei2v.studio.store.WindowState;
import studio.mobilei2v.studio.latency.LatencyController;
import studio.mobilei2v.studio.menu.FilePictureChooser;
import studio.mobilei2v.studio.menu.StudioMenuBar;
import studio.mobilei2v.studio.session.FrameStore;
import studio.mobilei2v.studio.session.SessionKeeper;
import studio.mobilei2v.studio.session.SessionRestorer;
import studio.mobilei2v.studio.session.SessionStore;
import studio.mobilei2v.studio.player.PlayerController;
import studio.mobilei2v.studio.source.SourceController;
import studio.mobilei2v.studio.targets.DeviceSource;
import studio.mobilei2v.studio.task.LatestTaskWins;
import studio.mobilei2v.studio.task.ThreadPoolTaskExecutor;
import studio.mobilei2v.studio.timeline.TimelineController;
import studio.mobilei2v.studio.toolbar.ToolbarController;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the studio: services, the feature controllers (each creates its model and view), the
 * layout, keyboard shortcuts, and the remembered window layout. Used by {@link StudioApp} and,
 * with a test {@link DeviceSource} or config folder, by the UI tests.
 */
public final class StudioController implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StudioController.class.getName());

    private final StudioState state = new StudioState();
    private final StudioServices services;
    private final ToolbarController toolbar;
    private final SourceController source;
    private final PlayerController player;
    private final TimelineController timeline;
    private final LatencyController latency;
    private final HistoryController history;
    private final ExportController export;
    private final NotificationPane notifications;
    private final SplitPane columns;
    private final SplitPane rows;
    private final WindowState window;
    private final SessionKeeper session;
    private final SessionStore sessionStore;
    private final FrameStore frameStore;
    private final StudioCommands commands;
    private final StudioMenuBar menu;
    private final TabPane right;
    private Stage stage;
    private boolean restored;
    private final java.util.List<Runnable> afterRestore = new java.util.ArrayList<>();

    /** A studio whose device list and device runs use a fixed adb server (the UI tests' private one). */
    public StudioController(GeneratorFactory generators, DeviceSource devices) {
        this(generators, devices, null);
    }

    /**
     * @param adbServer the user's adb server setting that {@code generators} and {@code devices} follow
     *                  (Devices > ADB server… changes it), or null when their server is fixed
     */
    public StudioController(GeneratorFactory generators, DeviceSource devices, studio.mobilei2v.studio.targets.AdbServerSetting adbServer) {
        Path config = StudioPaths.configDir();
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor(Platform::runLater);
        this.services = new StudioServices(executor, new LatestTaskWins(executor), new Messages(),
                new HistoryStore(config.resolve("history.json")), new GeneratorCache(generators), devices,
                config.resolve("sources"));
        this.window = WindowState.load(WindowState.file());
        toolbar = new ToolbarController(state, services);
        source = new SourceController(state, services);
        player = new PlayerController(state);
        timeline = new TimelineController(state, services);
        latency = new LatencyController(state);
        history = new HistoryController(state, services);
        export = new ExportController(state, services);
        timeline.setGenerate(toolbar::generate);
        export.setProgressMirror(toolbar::showExportProgress);
        toolbar.view().exportButton().setOnAction(e -> export.openDialog());
        toolbar.setOnRunFinished(c -> { if (state.selectedClip.get() == c) player.seek(0); });
        sessionStore = new SessionStore(config.resolve("session.json"));
        frameStore = new FrameStore(config);
        session = new SessionKeeper(state, services.messages(), sessionStore, frameStore);
        commands = new StudioCommands(state, services, toolbar, timeline, player, export, session, config.resolve("recent.json"),
                new FilePictureChooser(), () -> stage);
        commands.setAdbServerSetting(adbServer);
        timeline.setAddPictures(commands::addPictures);
        history.setRecreate(timeline::recreate);
        menu = new StudioMenuBar(commands, state, timeline.edits(), commands.recentProperty(),
                toolbar.model().poolIncludesThisComputer);

        right = new TabPane(new Tab("Latency", latency.view().root()), new Tab("History", history.root()));
        right.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        right.setMinWidth(300);
        columns = new SplitPane(source.view().root(), player.view().root(), right);
        columns.setDividerPositions(window.leftDivider(), window.rightDivider());
        rows = new SplitPane(columns, timeline.view().root());
        rows.setOrientation(Orientation.VERTICAL);
        rows.setDividerPositions(window.bottomDivider());
        BorderPane layout = new BorderPane(rows);
        layout.setTop(new javafx.scene.layout.VBox(menu.bar(), toolbar.view().root()));
        notifications = new NotificationPane(layout);
        notifications.setId("notifications");
        notifications.setShowFromTop(false);
        services.messages().latestProperty().addListener((o, a, m) -> showMessage(m));

        history.load(latency::showLatestFromHistory);
        toolbar.loadBundledModels(window.lastBundle() == null ? null : Path.of(window.lastBundle()));
        whenModelOpen(this::restoreSession);
    }

    /** The last session comes back once a model is open (its size decides the crops); saving starts after that. */
    private void restoreSession() {
        SessionRestorer.restore(state, services, sessionStore, frameStore, takeIds -> {
            if (takeIds != null) session.prune(takeIds); // a failed restore keeps every kept frame for the next try
            timeline.edits().clear();
            session.enable();
            restored = true;
            afterRestore.forEach(Runnable::run);
            afterRestore.clear();
        });
    }

    private void whenModelOpen(Runnable r) {
        if (state.facts.get() != null) { r.run(); return; }
        state.facts.addListener(new javafx.beans.value.ChangeListener<>() {
            @Override public void changed(javafx.beans.value.ObservableValue<? extends studio.mobilei2v.studio.engine.BundleFacts> o,
                                          studio.mobilei2v.studio.engine.BundleFacts a, studio.mobilei2v.studio.engine.BundleFacts b) {
                if (b == null) return;
                state.facts.removeListener(this);
                r.run();
            }
        });
    }

    /** Runs {@code r} once the last session is back on the timeline (now, if it already is). UI thread. */
    public void afterSessionRestored(Runnable r) {
        if (restored) r.run(); else afterRestore.add(r);
    }

    private void showMessage(Messages.Message m) {
        if (m == null) return;
        notifications.getStyleClass().removeAll("info", "warning", "error");
        notifications.getStyleClass().add(m.level().name().toLowerCase());
        notifications.show((m.level() == Messages.Level.ERROR ? "\u26a0 " : "") + m.text());
        // errors stay until dismissed; information goes away by itself
        if (m.level() == Messages.Level.INFO) {
            javafx.animation.PauseTransition hide = new javafx.animation.PauseTransition(Duration.seconds(6));
            hide.setOnFinished(e -> { if (services.messages().latestProperty().get() == m) notifications.hide(); });
            hide.play();
        }
    }

    public Parent root() { return notifications; }

    /**
     * Files named on the command line become clips once the model is open (as if dropped on the
     * timeline); with {@code generate} the first one is generated right away.
     */
    public void openAtStart(java.util.List<Path> files, boolean generate) {
        if (files.isEmpty()) return;
        afterSessionRestored(() -> {
            int at = state.clips.size(); // after the kept session
            timeline.dropFiles(files, at, added -> {
                if (generate && !added.isEmpty()) {
                    state.selectedClip.set(added.get(0));
                    Platform.runLater(toolbar::generate);
                }
            });
        });
    }

    /** Scene with the studio's stylesheet and keyboard shortcuts. */
    public Scene createScene() {
        // never larger than the screen (a size remembered on a bigger monitor must still fit)
        WindowPlacement.Placement p = WindowPlacement.place(window, WindowPlacement.screens());
        Scene scene = new Scene(root(), p.width(), p.height());
        scene.getStylesheets().add(StudioController.class.getResource("/studio/mobilei2v/studio/studio.css").toExternalForm());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, commands::onKey);
        return scene;
    }

    /** Restores the window position, then remembers size and layout when it closes. */
    public void attach(Stage stage) {
        this.stage = stage;
        stage.setTitle("MobileI2V Studio");
        WindowPlacement.Placement p = WindowPlacement.place(window, WindowPlacement.screens());
        stage.setX(p.x());
        stage.setY(p.y());
        stage.setWidth(p.width());
        stage.setHeight(p.height());
        stage.setMaximized(window.maximized());
        stage.setOnCloseRequest(e -> { e.consume(); commands.quit(); }); // the window's close button saves like Ctrl+Q
        stage.setOnHidden(e -> saveWindow(stage));
        commands.setBeforeExit(() -> saveWindow(stage));
    }

    private void saveWindow(Stage stage) {
        double[] c = columns.getDividerPositions();
        double[] r = rows.getDividerPositions();
        WindowState s = new WindowState(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized(),
                c.length > 0 ? c[0] : window.leftDivider(), c.length > 1 ? c[1] : window.rightDivider(),
                r.length > 0 ? r[0] : window.bottomDivider(),
                state.facts.get() == null ? window.lastBundle() : state.facts.get().folder().toString());
        try {
            s.save(WindowState.file()); // a few hundred bytes at exit: done here so it is written before the JVM goes
        } catch (Exception ex) {
            LOG.log(Level.WARNING, "window layout not saved", ex);
        }
    }

    public StudioState state() { return state; }
    public StudioServices services() { return services; }
    public ToolbarController toolbar() { return toolbar; }
    public SourceController source() { return source; }
    public PlayerController player() { return player; }
    public TimelineController timeline() { return timeline; }
    public LatencyController latency() { return latency; }
    public ExportController export() { return export; }
    public StudioCommands commands() { return commands; }
    public SessionKeeper session() { return session; }
    public StudioMenuBar menu() { return menu; }
    public HistoryController history() { return history; }

    @Override
    public void close() {
        session.close();
        toolbar.cancel();
        export.cancel();
        services.devices().close();
        services.executor().close();
        services.generators().close();
    }
}
