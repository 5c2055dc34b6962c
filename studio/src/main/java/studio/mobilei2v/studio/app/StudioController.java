package studio.mobilei2v.studio.app;

import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;
import studio.mobilei2v.studio.engine.GeneratorCache;
import studio.mobilei2v.studio.engine.GeneratorFactory;
import studio.mobilei2v.studio.export.ExportController;
import studio.mobilei2v.studio.history.HistoryController;
import studio.mobilei2v.studio.history.HistoryStore;
import studio.mobilei2v.studio.history.StudioPaths;
import studio.mobilei2v.studio.history.WindowState;
import studio.mobilei2v.studio.latency.LatencyController;
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

    public StudioController(GeneratorFactory generators, DeviceSource devices) {
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

        TabPane right = new TabPane(new Tab("Latency", latency.view().root()), new Tab("History", history.root()));
        right.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        right.setMinWidth(300);
        columns = new SplitPane(source.view().root(), player.view().root(), right);
        columns.setDividerPositions(window.leftDivider(), window.rightDivider());
        rows = new SplitPane(columns, timeline.view().root());
        rows.setOrientation(Orientation.VERTICAL);
        rows.setDividerPositions(window.bottomDivider());
        BorderPane layout = new BorderPane(rows);
        layout.setTop(toolbar.view().root());
        notifications = new NotificationPane(layout);
        notifications.setId("notifications");
        notifications.setShowFromTop(false);
        services.messages().latestProperty().addListener((o, a, m) -> showMessage(m));

        history.load(latency::showLatestFromHistory);
        toolbar.loadBundledModels(window.lastBundle() == null ? null : Path.of(window.lastBundle()));
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
        Runnable open = () -> {
            if (generate) {
                state.clips.addListener(new javafx.collections.ListChangeListener<>() {
                    @Override public void onChanged(Change<? extends studio.mobilei2v.studio.clip.Clip> c) {
                        state.clips.removeListener(this);
                        Platform.runLater(toolbar::generate);
                    }
                });
            }
            timeline.dropFiles(files, 0);
        };
        if (state.facts.get() != null) {
            open.run();
        } else {
            state.facts.addListener(new javafx.beans.value.ChangeListener<>() {
                @Override public void changed(javafx.beans.value.ObservableValue<? extends studio.mobilei2v.studio.engine.BundleFacts> o,
                                              studio.mobilei2v.studio.engine.BundleFacts a, studio.mobilei2v.studio.engine.BundleFacts b) {
                    if (b == null) return;
                    state.facts.removeListener(this);
                    open.run();
                }
            });
        }
    }

    /** Scene with the studio's stylesheet and keyboard shortcuts. */
    public Scene createScene() {
        // never larger than the screen (a size remembered on a bigger monitor must still fit)
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root(), Math.min(window.width(), screen.getWidth()), Math.min(window.height(), screen.getHeight()));
        scene.getStylesheets().add(StudioController.class.getResource("/studio/mobilei2v/studio/studio.css").toExternalForm());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        return scene;
    }

    /** Keyboard: Space play/pause, Ctrl+Enter generate, Esc cancel, Ctrl+E export, Delete, Ctrl+Z undo delete. */
    void onKey(KeyEvent e) {
        boolean typing = e.getTarget() instanceof TextInputControl;
        if (e.isShortcutDown() && e.getCode() == KeyCode.ENTER) { toolbar.generate(); e.consume(); return; }
        if (e.isShortcutDown() && e.getCode() == KeyCode.E) { export.openDialog(); e.consume(); return; }
        if (e.getCode() == KeyCode.ESCAPE && state.running.get()) { toolbar.cancel(); e.consume(); return; }
        if (typing) return;
        if (e.getCode() == KeyCode.SPACE) { player.togglePlay(); e.consume(); }
        else if (e.getCode() == KeyCode.DELETE) { timeline.deleteSelected(); e.consume(); }
        else if (e.isShortcutDown() && e.getCode() == KeyCode.Z) { timeline.undoDelete(); e.consume(); }
    }

    /** Restores the window position, then remembers size and layout when it closes. */
    public void attach(Stage stage) {
        stage.setTitle("MobileI2V Studio");
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        if (!Double.isNaN(window.x()) && !Double.isNaN(window.y()) && screen.contains(window.x(), window.y())) {
            stage.setX(window.x());
            stage.setY(window.y());
        }
        stage.setMaximized(window.maximized());
        stage.setOnHidden(e -> saveWindow(stage));
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

    @Override
    public void close() {
        toolbar.cancel();
        export.cancel();
        services.devices().close();
        services.executor().close();
        services.generators().close();
    }
}
