package studio.mobilei2v.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.mobilei2v.export.SmallDisk;
import org.junit.jupiter.api.io.TempDir;

import studio.mobilei2v.export.ExportedClip;
import studio.mobilei2v.export.ExportedClipReader;
import studio.mobilei2v.export.GenerationParameters;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.bundle.ModelBundle;

/**
 * {@code generate} end to end on the bundled model: a real H.264 MP4 of all frames, the same
 * seed giving identical frames, and the embedded metadata being enough to make the clip again.
 * Skips while the bundle is absent (fails instead under MOBILEI2V_CI=1).
 */
class GenerateEndToEndTest {

    @TempDir
    static Path dir;
    static Path bundle;
    static ModelBundle model;
    static Path photo;
    static Cli first;

    @BeforeAll
    static void generateOnce() throws Exception {
        bundle = TestBundles.real();
        model = ModelBundle.open(bundle);
        photo = TestImages.photo(dir.resolve("photo.jpg"), 640, 400);
        first = Cli.run("generate", "--image", photo.toString(), "--out", dir.resolve("a.mp4").toString(),
                "--seed", "7", "--frames-dir", dir.resolve("a-frames").toString(),
                "--report", dir.resolve("a.json").toString());
    }

    @Test
    void makesAnH264Mp4WithEveryFrame() throws Exception {
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.err().contains("frame " + model.video().frames() + "/" + model.video().frames()),
                "progress shows frames: " + first.err());
        assertTrue(first.out().contains("latency: total"), first.out());
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(dir.resolve("a.mp4").toFile())) {
            g.start();
            assertEquals("h264", g.getVideoCodecName());
            assertEquals(model.video().width() + (model.video().width() % 2), g.getImageWidth());
            assertEquals(model.video().height() + (model.video().height() % 2), g.getImageHeight());
            int n = 0;
            while (g.grabImage() != null) {
                n++;
            }
            assertEquals(model.video().frames(), n);
        }
        RunReport report = RunReport.fromJson(Files.readString(dir.resolve("a.json")));
        assertEquals(7, report.parameters().seed());
        assertEquals(model.video().frames(), report.frameMs().size());
    }

    @Test
    void sameSeedSameFramesOtherSeedOtherFrames() throws Exception {
        assertEquals(0, first.code(), first.toString());
        Cli again = Cli.run("generate", "--image", photo.toString(), "--out", dir.resolve("b.gif").toString(),
                "--seed", "7", "--frames-dir", dir.resolve("b-frames").toString(), "-q");
        assertEquals(0, again.code(), again.toString());
        assertEquals(frames(dir.resolve("a-frames")), frames(dir.resolve("b-frames")), "same seed, same pixels");
        Cli other = Cli.run("generate", "--image", photo.toString(), "--out", dir.resolve("c-frames").toString(),
                "--seed", "8", "-q");
        assertEquals(0, other.code(), other.toString());
        assertFalse(frames(dir.resolve("a-frames")).equals(frames(dir.resolve("c-frames"))), "another seed moves something");
    }

    @Test
    void embeddedMetadataRemakesTheClip() throws Exception {
        assertEquals(0, first.code(), first.toString());
        ExportedClip clip = ExportedClipReader.read(dir.resolve("a.mp4"));
        GenerationParameters p = clip.generation();
        assertEquals(7, p.seed());
        assertEquals(model.name(), p.model());
        assertEquals("photo.jpg", p.sourceName());
        assertEquals(64, p.sourceSha256().length());
        BufferedImage source = ImageIO.read(new java.io.ByteArrayInputStream(clip.sourceImage()));
        assertEquals(model.video().width(), source.getWidth(), "the fitted source is embedded");
        // Import: the embedded (fitted) source and parameters alone give the same frames again.
        Path restored = Files.write(dir.resolve("restored-source.png"), clip.sourceImage());
        List<String> args = new ArrayList<>(List.of("generate", "--image", restored.toString(),
                "--out", dir.resolve("restored").toString(), "--seed", Long.toString(p.seed()),
                "--schedule", p.schedule(), "--motion", Double.toString(p.motionScore()), "-q"));
        if (p.camera() != null) {
            args.addAll(List.of("--camera", p.camera()));
        }
        Cli remake = Cli.run(args);
        assertEquals(0, remake.code(), remake.toString());
        assertEquals(frames(dir.resolve("a-frames")), frames(dir.resolve("restored")));
    }

    /** A disk that fills up during the export: exit 1, one line, and nothing left on it. */
    @Test
    void fullDiskDuringExportLeavesNothing() throws Exception {
        try (SmallDisk disk = SmallDisk.mountOrSkip(dir, "64k", "cannot mount a small tmpfs here (needs root): test skipped")) {
            Path mount = disk.path();
            Cli r = Cli.run("generate", "--image", photo.toString(), "--out", mount.resolve("clip.mp4").toString(),
                    "--quality", "100", "-q");
            assertEquals(1, r.code(), r.toString());
            assertEquals(1, r.errLines().size(), r.toString());
            assertTrue(r.errLines().get(0).contains("clip.mp4"), r.toString());
            try (var s = Files.list(mount)) {
                assertEquals(List.of(), s.toList(), "nothing left on the full disk");
            }
        }
    }

    /** Decoded pixels of 000.png, 001.png, ... as one list of ARGB arrays (as lists, for equals). */
    private static List<List<Integer>> frames(Path folder) throws Exception {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            Path png = folder.resolve(String.format("%03d.png", i));
            if (!Files.exists(png)) {
                break;
            }
            BufferedImage img = ImageIO.read(png.toFile());
            int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
            List<Integer> list = new ArrayList<>(px.length);
            for (int v : px) {
                list.add(v);
            }
            out.add(list);
        }
        assertEquals(model.video().frames(), out.size(), "frames in " + folder);
        return out;
    }
}
