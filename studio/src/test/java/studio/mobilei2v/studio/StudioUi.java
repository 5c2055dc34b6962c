package studio.mobilei2v.studio;

import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;
import studio.mobilei2v.studio.messages.Messages;
import studio.mobilei2v.studio.app.StudioController;

import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.testing.Requirements;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.engine.BundleCatalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** What the studio's UI tests share: showing the studio, waiting on it, and its latest message. */
public final class StudioUi {
    private StudioUi() {
    }

    /** Puts the studio's scene on TestFX's stage and shows it. */
    static StudioController show(Stage stage, StudioController studio) {
        stage.setScene(studio.createScene());
        studio.attach(stage);
        stage.show();
        return studio;
    }

    /** Waits for a condition, then for pending FX events. */
    static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Runs a call on the FX thread and returns its result. */
    static <T> T onFx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    /**
     * The default bundle, or the test is skipped saying it is missing or does not open (it fails
     * instead under MOBILEI2V_CI=1, where the bundle is part of the checkout).
     */
    public static Path requireDefaultBundle() {
        Path dir = BundleCatalog.modelsFolder().resolve(BundleCatalog.DEFAULT_BUNDLE);
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            Requirements.missing("model bundle missing: " + dir);
        }
        try {
            ModelBundle.open(dir);
        } catch (Exception e) {
            Requirements.missing("model bundle " + dir + " does not open: " + e.getMessage());
        }
        return dir;
    }

    /** {@link #requireDefaultBundle}, then waits until the studio has loaded it and can generate. */
    static void awaitDefaultBundle(StudioController studio) throws Exception {
        requireDefaultBundle();
        waitFor(60, () -> studio.state().bundle.get() != null && studio.session().isEnabled());
    }

    /** Drops a sample picture onto the empty timeline of a studio with its model loaded; returns the clip, selected. */
    static Clip dropSample(StudioController studio, String name) throws Exception {
        Path picture = sample(name);
        onFx(() -> { studio.timeline().dropFiles(java.util.List.of(picture), 0); return null; });
        waitFor(30, () -> studio.state().clips.size() == 1);
        return onFx(() -> {
            Clip c = studio.state().clips.get(0);
            studio.state().selectedClip.set(c);
            return c;
        });
    }

    /** A picture from the repository's {@code assets/samples}. */
    static Path sample(String name) {
        return Requirements.repoRoot().resolve("assets/samples").resolve(name);
    }

    /** The latest message the studio showed, for assertion messages. */
    static String lastMessage(StudioController studio) {
        Messages.Message m = studio.services().messages().latestProperty().get();
        return m == null ? "(none)" : m.level() + ": " + m.text();
    }
}
