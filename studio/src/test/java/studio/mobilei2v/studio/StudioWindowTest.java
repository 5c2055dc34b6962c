package studio.mobilei2v.studio;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import studio.mobilei2v.studio.app.StudioController;
import studio.mobilei2v.studio.engine.StudioGenerators;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.store.StudioPaths;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The studio's real window on a 1600x1000 headless screen, with a config folder of its own per
 * test and no devices; closed after each test. Subclasses change {@link #open} or {@link #beforeOpen}
 * and start it with {@code @Start void start(Stage stage) throws Exception { show(stage); }}.
 */
@ExtendWith(ApplicationExtension.class)
abstract class StudioWindowTest {
    protected Path config;
    protected Stage stage;
    protected StudioController studio;
    protected StudioState state;

    @BeforeAll
    static void geometry() {
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    /** Call from the subclass's own {@code @Start} method (TestFX looks for it on the test class itself). */
    protected void show(Stage stage) throws Exception {
        this.stage = stage;
        config = Files.createTempDirectory("mobilei2v-" + getClass().getSimpleName());
        System.setProperty(StudioPaths.CONFIG_PROPERTY, config.toString());
        beforeOpen(config);
        studio = StudioUi.show(stage, open());
        state = studio.state();
    }

    /** What to put in the config folder before the studio opens (a remembered window, say). */
    protected void beforeOpen(Path config) throws Exception {
    }

    protected StudioController open() {
        return new StudioController(new StudioGenerators(), new FakeDevices());
    }

    /** The studio's latest message to the user. */
    protected String lastMessage() {
        return StudioUi.lastMessage(studio);
    }

    @AfterEach
    void close() throws Exception {
        // on the FX thread, as the app's stop(): the studio's timers (the session save) run there
        if (studio != null) StudioUi.onFx(() -> { studio.close(); return null; });
    }
}
