package studio.mobilei2v.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input gives exit code 2, exactly one line on stderr that names the problem and the
 * file or option, no stack trace, and no output file. These run against a manifest-only bundle:
 * every check happens before ONNX Runtime would load a graph.
 */
class BadInputTest {

    @TempDir
    Path dir;
    Path bundle;
    Path photo;
    Path outDir;

    @BeforeEach
    void setUp() throws IOException {
        bundle = TestBundles.manifestOnly(dir.resolve("bundle"));
        photo = TestImages.photo(dir.resolve("photo.jpg"), 320, 200);
        outDir = Files.createDirectory(dir.resolve("out"));
    }

    /** generate on {@link #photo} into {@code outDir/out}, with the extra options. */
    private Cli clip(String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("--image", photo.toString(), "--out", outDir.resolve(out).toString()));
        args.addAll(List.of(extra));
        return generate(args.toArray(String[]::new));
    }

    private Cli generate(String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--model", bundle.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args);
    }

    private void assertBadInput(Cli r, String... mustMention) throws IOException {
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.errLines().size(), "exactly one line on stderr:\n" + r);
        String line = r.errLines().get(0);
        assertFalse(line.contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r);
        for (String m : mustMention) {
            assertTrue(line.contains(m), "stderr should mention '" + m + "': " + line);
        }
        try (Stream<Path> s = Files.list(outDir)) {
            assertEquals(List.of(), s.toList(), "no output left behind");
        }
    }

    @Test
    void notAnImage() throws IOException {
        Path txt = TestImages.notAnImage(dir.resolve("notes.jpg"));
        assertBadInput(generate("--image", txt.toString(), "--out", outDir.resolve("a.mp4").toString()), "notes.jpg");
    }

    @Test
    void truncatedJpeg() throws IOException {
        Path jpg = TestImages.truncatedJpeg(dir.resolve("cut.jpg"));
        assertBadInput(generate("--image", jpg.toString(), "--out", outDir.resolve("a.mp4").toString()), "cut.jpg");
    }

    @Test
    void hugeImageIsRefusedFromItsHeader() throws IOException {
        Path png = TestImages.huge(dir.resolve("bomb.png"));
        Cli r = generate("--image", png.toString(), "--out", outDir.resolve("a.gif").toString());
        assertBadInput(r, "bomb.png", "30000");
    }

    @Test
    void missingImage() throws IOException {
        assertBadInput(generate("--image", dir.resolve("nowhere.png").toString(), "--out",
                outDir.resolve("a.mp4").toString()), "nowhere.png");
    }

    @Test
    void unwritableOutputPath() throws IOException {
        Path file = Files.writeString(outDir.resolve("plain-file"), "x");
        Cli r = generate("--image", photo.toString(), "--out", file.resolve("a.mp4").toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).contains("plain-file"), r.toString());
        try (Stream<Path> s = Files.list(outDir)) {
            assertEquals(List.of("plain-file"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void unknownCamera() throws IOException {
        assertBadInput(clip("a.mp4", "--camera", "barrel-roll"), "--camera", "barrel-roll", "pan-left");
    }

    @Test
    void stepsNotOffered() throws IOException {
        assertBadInput(clip("a.mp4", "--steps", "0"), "--steps 0", "distilled-1");
        assertBadInput(clip("a.mp4", "--steps", "5000"), "--steps 5000");
        assertBadInput(clip("a.mp4", "--schedule", "turbo-3"), "--schedule turbo-3");
    }

    @Test
    void motionOutOfRange() throws IOException {
        assertBadInput(clip("a.mp4", "--motion", "9"), "--motion", "0.5 to 4.0");
        assertBadInput(clip("a.mp4", "--motion", "NaN"), "--motion");
    }

    @Test
    void unknownOutputExtension() throws IOException {
        assertBadInput(clip("clip.avi"),
                "clip.avi", ".avi");
    }

    @Test
    void optionErrorsAreOneLineToo() throws IOException {
        assertBadInput(generate("--image", photo.toString()), "--out");
        assertBadInput(clip("a.mp4", "--steps", "two"), "--steps");
        assertBadInput(clip("a.mp4", "--quality", "101"), "--quality");
        assertBadInput(clip("a.mp4", "--fit", "stretch"), "--fit");
    }

    @Test
    void brokenBundleNamesTheManifestField() throws IOException {
        Path manifest = bundle.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"channels\": 4", "\"channels\": -4"));
        assertBadInput(clip("a.mp4"),
                "manifest.json", "latent.channels");
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Cli r = generate("--image", dir.resolve("nowhere.png").toString(), "--out", outDir.resolve("a.mp4").toString(),
                "--verbose");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat "), r.toString());
    }

    @Test
    void infoOnTheTestBundle() {
        Cli text = Cli.run("info", "--model", bundle.toString());
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().contains("test-tiny 0.0.1"), text.out());
        assertTrue(text.out().contains("32x16, 17 frames"), text.out());
        assertTrue(text.out().contains("still, pan-left, pan-right"), text.out());
        Cli json = Cli.run("info", "--model", bundle.toString(), "--json");
        assertEquals(0, json.code(), json.toString());
        assertTrue(json.out().contains("\"default_schedule\" : \"distilled-1\""), json.out());
        assertTrue(json.out().contains("\"flops_per_clip\""), json.out());
    }

    @Test
    void generateAndBatchRefuseASizeTheModelDoesNotOfferAlike() throws IOException {
        Cli g = clip("a.mp4", "--size", "123x45");
        assertBadInput(g, "--size", "123x45");
        Cli b = Cli.run("batch", "--model", bundle.toString(), "--out-dir", outDir.resolve("batch").toString(),
                "--size", "123x45", photo.toString());
        assertBadInput(b, "--size", "123x45");
        assertEquals(g.errLines().get(0), b.errLines().get(0), "one option, one check, one message");
    }

    @Test
    void infoOnAMissingBundle() throws IOException {
        assertBadInput(Cli.run("info", "--model", dir.resolve("no-bundle").toString()), "no-bundle");
    }
}
