package studio.mobilei2v.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;
import studio.mobilei2v.bridge.fixture.TestAdbServer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code batch} end to end: two fixture devices behind the tests' private adb server, named the
 * way a user names a farm's server ({@code ADB_SERVER_SOCKET=tcp:127.0.0.1:PORT}); outputs
 * compared by value with local {@code generate} runs of the same seed.
 */
class BatchCommandTest {
    private static TestAdbServer adb;
    private static FakeAdbDaemon a;
    private static FakeAdbDaemon b;
    private static String previousCache;
    @TempDir
    static Path boards;
    @TempDir
    Path tmp;

    @BeforeAll
    static void plugIn() throws Exception {
        TestBundles.real();
        adb = TestAdbServer.shared(); // skips without adb (fails under MOBILEI2V_CI=1)
        a = FakeAdbDaemon.start(boards.resolve("a"), FakeDeviceOptions.linux());
        b = FakeAdbDaemon.start(boards.resolve("b"), FakeDeviceOptions.linux());
        adb.connect(a);
        adb.connect(b);
        previousCache = System.getProperty("mobilei2v.cache");
        System.setProperty("mobilei2v.cache", Path.of("target", "test-host-cache").toAbsolutePath().toString());
        BatchCommand.environment = () -> Map.of("ADB_SERVER_SOCKET", "tcp:127.0.0.1:" + adb.port);
    }

    @AfterAll
    static void unplug() throws Exception {
        BatchCommand.environment = System::getenv;
        if (previousCache == null) {
            System.clearProperty("mobilei2v.cache");
        } else {
            System.setProperty("mobilei2v.cache", previousCache);
        }
        adb.unplug(a);
        adb.unplug(b);
    }

    @AfterEach
    void noTemporaryFilesLeft() throws Exception {
        try (Stream<Path> s = Files.walk(tmp)) {
            List<Path> partial = s.filter(p -> p.getFileName().toString().contains(".part")).toList();
            assertEquals(List.of(), partial, "nothing half-written is left");
        }
    }

    private List<Path> pictures(Path dir) throws Exception {
        Files.createDirectories(dir);
        return List.of(TestImages.photo(dir.resolve("wide.png"), 320, 200), TestImages.photo(dir.resolve("square.png"), 300, 300),
                TestImages.photo(dir.resolve("tall.jpg"), 200, 320));
    }

    private static List<String> batch(Path outDir, String device, Path... inputs) {
        List<String> args = new ArrayList<>(List.of("batch", "--device", device, "--seed", "7", "--variant", "mobile",
                "--threads", "1", "--format", "png", "--out-dir", outDir.toString()));
        for (Path p : inputs) {
            args.add(p.toString());
        }
        return args;
    }

    private static JsonNode journal(Path outDir) throws Exception {
        return new ObjectMapper().readTree(outDir.resolve("batch.json").toFile());
    }

    private static Map<String, JsonNode> items(JsonNode journal) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode i : journal.path("items")) {
            m.put(Path.of(i.path("picture").asText()).getFileName().toString(), i);
        }
        return m;
    }

    /** Max difference over every frame of two PNG-frame folders (same count, same size). */
    private static int maxDiff(Path x, Path y) throws Exception {
        List<Path> fx;
        try (Stream<Path> s = Files.list(x)) {
            fx = s.filter(p -> p.getFileName().toString().matches("\\d+\\.png")).sorted().toList();
        }
        assertFalse(fx.isEmpty(), "no frames in " + x);
        int max = 0;
        for (Path f : fx) {
            Path g = y.resolve(f.getFileName());
            assertTrue(Files.isRegularFile(g), g + " is missing");
            BufferedImage i = ImageIO.read(f.toFile());
            BufferedImage j = ImageIO.read(g.toFile());
            assertEquals(i.getWidth(), j.getWidth());
            assertEquals(i.getHeight(), j.getHeight());
            for (int yy = 0; yy < i.getHeight(); yy++) {
                for (int xx = 0; xx < i.getWidth(); xx++) {
                    int p = i.getRGB(xx, yy);
                    int q = j.getRGB(xx, yy);
                    for (int sh = 0; sh < 24; sh += 8) {
                        max = Math.max(max, Math.abs(((p >> sh) & 0xff) - ((q >> sh) & 0xff)));
                    }
                }
            }
        }
        try (Stream<Path> s = Files.list(y)) {
            assertEquals(fx.size(), s.filter(p -> p.getFileName().toString().matches("\\d+\\.png")).count());
        }
        return max;
    }

    private Path localRun(Path picture) {
        Path out = tmp.resolve("local-" + picture.getFileName().toString().replaceAll("\\.[a-z]+$", ""));
        Cli r = Cli.run("generate", "--image", picture.toString(), "--out", out + "/", "--seed", "7", "--variant", "mobile",
                "--threads", "1", "-q");
        assertEquals(0, r.code(), r.toString());
        return out;
    }

    @Test
    void twoDevicesBehindAdbServerSocketMakeEveryPictureAndABadOneFailsAlone() throws Exception {
        Path in = tmp.resolve("in");
        List<Path> pics = pictures(in);
        TestImages.notAnImage(in.resolve("broken.png"));
        Path out = tmp.resolve("out");
        Cli r = Cli.run(batch(out, "all", in));
        assertEquals(1, r.code(), "a failed picture makes exit 1: " + r);
        assertTrue(r.err().contains("[" + a.serial() + "] ready") && r.err().contains("[" + b.serial() + "] ready"), r.toString());
        assertTrue(r.out().contains("4 pictures: 3 done, 1 failed"), r.toString());

        JsonNode j = journal(out);
        assertEquals("mobilei2v-batch/1", j.path("format").asText());
        Map<String, JsonNode> items = items(j);
        assertEquals(Set.of("wide.png", "square.png", "tall.jpg", "broken.png"), items.keySet());
        Set<String> serials = Set.of(a.serial(), b.serial());
        for (Path p : pics) {
            JsonNode i = items.get(p.getFileName().toString());
            assertEquals("done", i.path("status").asText(), i.toString());
            assertTrue(serials.contains(i.path("device").asText()), i.toString());
            assertEquals(7, i.path("seed").asLong());
            assertTrue(i.path("ms").asDouble() > 0, i.toString());
            assertNotNull(i.path("device_facts").path("abi").textValue(), i.toString());
            String stem = p.getFileName().toString().replaceAll("\\.[a-z]+$", "");
            assertEquals(out.resolve(stem).toAbsolutePath().toString(), i.path("output").asText());
            int diff = maxDiff(localRun(p), out.resolve(stem));
            assertTrue(diff <= 1, p.getFileName() + ": device output differs from a local run of the same seed by " + diff);
        }
        JsonNode broken = items.get("broken.png");
        assertEquals("failed", broken.path("status").asText());
        assertTrue(broken.path("error").asText().contains("broken.png"), broken.toString());
        assertFalse(Files.exists(out.resolve("broken")), "no output for the failed picture");
        assertEquals(2, j.path("workers").size(), j.toString());
    }

    @Test
    void anInterruptedBatchResumesAndMakesOnlyWhatIsMissing() throws Exception {
        Path in = tmp.resolve("in");
        List<Path> pics = pictures(in);
        Path out = tmp.resolve("out");
        Cli first = Cli.run(batch(out, a.serial(), pics.get(0), pics.get(1)));
        assertEquals(0, first.code(), first.toString());
        Map<String, JsonNode> before = items(journal(out));
        long wideModified = Files.getLastModifiedTime(out.resolve("wide").resolve("000.png")).toMillis();
        // The interruption: one output never finished (only its journal entry says pending) and a third picture is new.
        deleteTree(out.resolve("square"));
        Cli again = Cli.run(batch(out, "local", pics.get(0), pics.get(1), pics.get(2)));
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("3 pictures: 2 done, 0 failed, 0 cancelled, 1 skipped"), again.toString());
        assertTrue(again.err().contains("wide.png: wide exists, skipped"), again.toString());
        Map<String, JsonNode> after = items(journal(out));
        assertEquals(before.get("wide.png").path("device").asText(), after.get("wide.png").path("device").asText(),
                "a skipped output keeps its entry from the run that made it");
        assertTrue(after.get("wide.png").path("skipped").asBoolean());
        assertEquals("local", after.get("square.png").path("device").asText());
        assertEquals("local", after.get("tall.jpg").path("device").asText());
        assertEquals(wideModified, Files.getLastModifiedTime(out.resolve("wide").resolve("000.png")).toMillis(), "not made again");
        assertEquals(0, maxDiff(localRun(pics.get(1)), out.resolve("square")));
        Cli nothing = Cli.run(batch(out, "local", pics.get(0), pics.get(1), pics.get(2)));
        assertEquals(0, nothing.code(), nothing.toString());
        assertTrue(nothing.out().contains("nothing to do"), nothing.toString());
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingRuns() throws Exception {
        Path in = tmp.resolve("in");
        List<Path> pics = pictures(in);
        Path out = tmp.resolve("out");
        Cli r = Cli.run("batch", "--format", "avi", "--out-dir", out.toString(), pics.get(0).toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--format avi"), r.toString());
        r = Cli.run("batch", "--device", "a;b", "--out-dir", out.toString(), pics.get(0).toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("not a device serial"), r.toString());
        r = Cli.run("batch", "--out-dir", out.toString(), in.resolve("missing.png").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("missing.png: does not exist"), r.toString());
        r = Cli.run("batch", "--steps", "0", "--out-dir", out.toString(), pics.get(0).toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--steps 0"), r.toString());
        Files.writeString(tmp.resolve("wide.jpg"), "x");
        r = Cli.run("batch", "--out-dir", out.toString(), pics.get(0).toString(), tmp.resolve("wide.jpg").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("both would be written to"), r.toString());
        r = Cli.run("batch", "--device", "all", "--adb-server", "127.0.0.2:1", "--out-dir", out.toString(), pics.get(0).toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("cannot be reached") || r.err().contains("could not"), r.toString());
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
