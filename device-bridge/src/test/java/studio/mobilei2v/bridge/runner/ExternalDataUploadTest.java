package studio.mobilei2v.bridge.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.bridge.BridgeFixtures;
import studio.mobilei2v.bridge.BridgeFixturesExtension;
import studio.mobilei2v.bridge.DeviceVideoGenerator;
import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.LocalVideoGenerator;
import studio.mobilei2v.inference.testing.ExternalDataNano;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A bundle whose denoisers keep their weights in {@code <graph>.onnx.data}: the upload sends the run
 * variant's data file with its graph (and not the other variant's), links it beside the graph on the
 * device, and the device run matches a local one.
 */
@ExtendWith(BridgeFixturesExtension.class)
class ExternalDataUploadTest {
    private static final String MOBILE = "mobile/denoiser.onnx";
    private static final String DESKTOP = "desktop/denoiser.onnx";
    @TempDir
    Path tmp;
    private final BridgeFixtures fx;

    ExternalDataUploadTest(BridgeFixtures fx) {
        this.fx = fx;
    }

    private static List<VideoFrame> frames(studio.mobilei2v.inference.VideoGenerator g, GenerationRequest r) throws Exception {
        List<VideoFrame> frames = new ArrayList<>();
        g.generate(r, new GenerationListener() {
            @Override
            public void onFrame(int index, VideoFrame frame, double ms) {
                frames.add(frame);
            }
        }, null);
        return frames;
    }

    @Test
    void theReducedManifestKeepsTheVariantsDataFileOnly() throws Exception {
        ModelBundle bundle = ModelBundle.open(ExternalDataNano.write(tmp.resolve("b"), DESKTOP, MOBILE));
        Path manifest = BundleUpload.reducedManifest(bundle, "mobile", tmp.resolve("host"));
        assertTrue(manifest.startsWith(tmp.resolve("host")), "the reduced manifest loads (no fallback to the full one): " + manifest);
        JsonNode files = new ObjectMapper().readTree(manifest.toFile()).get("files");
        assertTrue(files.has(MOBILE) && files.has(MOBILE + ".data"), files.toString());
        assertFalse(files.has(DESKTOP) || files.has(DESKTOP + ".data"), files.toString());
    }

    @Test
    void theDeviceGetsTheDataFileBesideItsGraphAndRunsLikeTheComputer() throws Exception {
        ModelBundle bundle = ModelBundle.open(ExternalDataNano.write(tmp.resolve("b"), DESKTOP, MOBILE));
        FakeAdbDaemon d = fx.attachAt(tmp.resolve("board"), FakeDeviceOptions.linux());
        GenerationRequest request = GenerationRequest.of(TestBundle.picture(bundle), 99L);
        List<VideoFrame> local;
        try (LocalVideoGenerator g = LocalVideoGenerator.open(bundle, LocalOptions.defaults().withVariant("mobile").withThreads(2))) {
            local = frames(g, request);
        }
        try (DeviceVideoGenerator g = DeviceVideoGenerator.open(fx.bridge(), d.serial(), bundle,
                DeviceRunOptions.defaults().withHostCache(TestBundle.hostCache()).withThreads(2))) {
            assertEquals("mobile", g.info().variant());
            List<VideoFrame> device = frames(g, request);
            assertTrue(TestBundle.maxDiff(local, device) <= 1, "device and local frames differ by " + TestBundle.maxDiff(local, device));
        }
        List<Path> data;
        try (Stream<Path> s = Files.walk(d.root())) {
            data = s.filter(p -> p.toString().contains("/bundles/") && p.getFileName().toString().endsWith(".data")).toList();
        }
        assertEquals(1, data.size(), "one linked data file on the device, the mobile graph's: " + data);
        Path link = data.get(0);
        assertTrue(link.endsWith(Path.of(MOBILE + ".data")), link.toString());
        assertTrue(Files.isRegularFile(link.resolveSibling("denoiser.onnx")), "the graph beside it");
        assertEquals(Files.size(bundle.resolve(MOBILE + ".data")), Files.size(link));
    }
}
