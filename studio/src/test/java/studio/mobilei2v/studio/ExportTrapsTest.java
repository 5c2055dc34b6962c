package studio.mobilei2v.studio;

import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import studio.mobilei2v.export.ExportFormat;
import studio.mobilei2v.export.ExportOptions;
import studio.mobilei2v.export.ExportResult;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipStatus;
import studio.mobilei2v.studio.export.ExportRequest;
import studio.mobilei2v.studio.export.SourceEmbedding;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;
import static studio.mobilei2v.studio.StudioUi.onFx;
import static studio.mobilei2v.studio.StudioUi.waitFor;

/**
 * Issue 11, item 5: exports without traps - the name follows the format, an existing file is not
 * replaced unasked, a whole-timeline export names the clip it leaves out, an unwritable folder is
 * called that, the result is shown whole, and the embedded source picture is a compact copy by
 * default (the original on request). Also item 6: a clip restored from an export is named by its
 * picture, not a hash.
 */
class ExportTrapsTest extends StudioWindowTest {
    @Start
    void start(Stage stage) throws Exception { show(stage); }

    private void requireBundle() throws Exception {
        StudioUi.awaitDefaultBundle(studio);
    }

    /** A big, noisy photo-like picture: the kind whose original would dwarf a short clip. */
    private Path bigPicture() throws Exception {
        BufferedImage img = new BufferedImage(2400, 1350, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(7);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int v = (x * 255 / img.getWidth() + r.nextInt(60)) & 0xff;
                img.setRGB(x, y, (v << 16) | (((y * 255 / img.getHeight()) & 0xff) << 8) | r.nextInt(256));
            }
        }
        Path p = config.resolve("in").resolve("holiday-photo.png");
        Files.createDirectories(p.getParent());
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    private ExportResult export(ExportRequest r) throws Exception {
        AtomicReference<ExportResult> result = new AtomicReference<>();
        AtomicReference<Boolean> finished = new AtomicReference<>(false);
        onFx(() -> { studio.export().export(r, (f, m) -> { }, x -> { result.set(x); finished.set(true); }); return null; });
        waitFor(180, finished::get);
        return result.get();
    }

    private String message() {
        return StudioUi.lastMessage(studio);
    }

    @Test
    void exportsHaveNoTraps(FxRobot robot) throws Exception {
        requireBundle();
        Path picture = bigPicture();
        onFx(() -> { studio.timeline().dropFiles(List.of(picture, Path.of("..", "assets/samples/sample-shapes.png").toAbsolutePath().normalize()), 0); return null; });
        waitFor(60, () -> state.clips.size() == 2);
        Clip clip = onFx(() -> state.clips.get(0));
        onFx(() -> { state.selectedClip.set(clip); studio.toolbar().generate(); return null; });
        waitFor(10, () -> state.running.get() || clip.status() != ClipStatus.NEW);
        waitFor(300, () -> !state.running.get());
        assertEquals(ClipStatus.DONE, clip.status(), this::message);
        int fps = clip.fpsProperty().get();
        Path out = config.resolve("out");

        // GIF chosen, name ends .mp4: the file is x.gif, no GIF hides in x.mp4
        ExportResult gif = export(new ExportRequest(out.resolve("x.mp4"), ExportOptions.of(ExportFormat.GIF, fps), false,
                SourceEmbedding.COMPACT, false));
        assertNotNull(gif, this::message);
        assertEquals(out.resolve("x.gif"), gif.file());
        assertFalse(Files.exists(out.resolve("x.mp4")), "nothing written under the wrong name");

        // an existing file is not replaced unasked
        byte[] before = Files.readAllBytes(out.resolve("x.gif"));
        assertNull(export(new ExportRequest(out.resolve("x.gif"), ExportOptions.of(ExportFormat.GIF, fps), false,
                SourceEmbedding.NONE, false)));
        assertTrue(message().contains("already exists"), message());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("x.gif")), "the existing file is untouched");
        assertNotNull(export(new ExportRequest(out.resolve("x.gif"), ExportOptions.of(ExportFormat.GIF, fps), false,
                SourceEmbedding.NONE, true)), "replaced once the user agreed");

        // the whole timeline names the clip it leaves out
        ExportResult whole = export(new ExportRequest(out.resolve("whole.mp4"), ExportOptions.of(ExportFormat.MP4_H264, fps), true,
                SourceEmbedding.NONE, false));
        assertNotNull(whole, this::message);
        assertTrue(message().contains("Left out") && message().contains("sample-shapes.png"), message());

        // a folder that takes no files is "not writable", not "does not exist"
        if (Files.isDirectory(Path.of("/proc"))) {
            assertNull(export(new ExportRequest(Path.of("/proc/x.mp4"), ExportOptions.of(ExportFormat.MP4_H264, fps), false,
                    SourceEmbedding.NONE, false)));
            assertTrue(message().contains("not writable") && !message().contains("does not exist"), message());
        }

        // embedding: the compact copy by default, far smaller than the original; the original on request
        long original = Files.size(picture);
        ExportResult compact = export(new ExportRequest(out.resolve("compact.mp4"), ExportOptions.of(ExportFormat.MP4_H264, fps), false, true));
        ExportResult full = export(new ExportRequest(out.resolve("full.mp4"), ExportOptions.of(ExportFormat.MP4_H264, fps), false,
                SourceEmbedding.ORIGINAL, false));
        assertNotNull(compact, this::message);
        assertNotNull(full, this::message);
        assertTrue(compact.bytes() < original / 2, "compact export " + compact.bytes() + " vs original picture " + original);
        assertTrue(full.bytes() > original, "the original is embedded whole: " + full.bytes());

        // dropped back, the clip is named by its picture, not by a hash
        onFx(() -> { studio.timeline().dropFiles(List.of(out.resolve("compact.mp4")), 2); return null; });
        waitFor(60, () -> state.clips.size() == 3);
        assertEquals("holiday-photo.png", onFx(() -> state.clips.get(2).label()));

        // the dialog shows the whole result, not a cut-off line
        onFx(() -> { state.selectedClip.set(clip); studio.export().openDialog(); return null; });
        waitFor(10, () -> robot.lookup("#exportTarget").tryQuery().isPresent());
        TextField target = robot.lookup("#exportTarget").queryAs(TextField.class);
        onFx(() -> { target.setText(out.resolve("dialog.webm").toString()); return null; });
        robot.clickOn("#exportRun");
        waitFor(180, () -> robot.lookup("#exportStatus").queryAs(Label.class).getText().startsWith("Done"));
        Label status = robot.lookup("#exportStatus").queryAs(Label.class);
        javafx.scene.text.Text shown = (javafx.scene.text.Text) status.lookup(".text");
        assertEquals(status.getText(), shown.getText(), "the result is shown whole");
        onFx(() -> { ((Stage) status.getScene().getWindow()).close(); return null; });
    }
}
