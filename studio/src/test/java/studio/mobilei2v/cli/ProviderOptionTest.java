package studio.mobilei2v.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.inference.ExecutionProvider;
import studio.mobilei2v.inference.local.Providers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code --provider cpu|cuda} (issue 14) and the options that generate, batch, bench and devices
 * share (one mixin each): the same name, value check and message everywhere.
 */
class ProviderOptionTest {
    @TempDir
    static Path dir;
    private static Path bundle;
    private static Path photo;

    @BeforeAll
    static void makeTheInputsOnce() throws IOException {
        bundle = TestBundles.manifestOnly(dir.resolve("bundle"));
        photo = TestImages.photo(dir.resolve("photo.jpg"), 320, 200);
    }

    @Test
    void cudaOnTheCpuBuildSaysWhichBuildToUse() {
        assumeFalse(Providers.available().contains(ExecutionProvider.CUDA), "this ONNX Runtime has CUDA (built with -Pgpu)");
        Path out = dir.resolve("a.mp4");
        Cli g = Cli.run("generate", "--model", bundle.toString(), "--image", photo.toString(), "--out", out.toString(),
                "--provider", "cuda");
        assertEquals(2, g.code(), g.toString());
        assertEquals(1, g.errLines().size(), g.toString());
        assertTrue(g.errLines().get(0).contains("--provider cuda needs the onnxruntime_gpu build: run with the Maven profile `gpu`"),
                g.toString());
        assertFalse(Files.exists(out), "nothing written");
        Cli b = Cli.run("bench", "--model", bundle.toString(), "--provider", "cuda", "--no-export", "--probe", "none");
        assertEquals(2, b.code(), b.toString());
        assertEquals(g.errLines().get(0), b.errLines().get(0), "one option, one check, one message");
    }

    @Test
    void anUnknownProviderNamesTheOptionAndTheChoices() {
        Cli r = Cli.run("generate", "--model", bundle.toString(), "--image", photo.toString(), "--out",
                dir.resolve("a.mp4").toString(), "--provider", "tpu");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.errLines().get(0).contains("--provider tpu: execution provider must be cpu, cuda, xnnpack or nnapi"), r.toString());
    }

    @Test
    void sharedOptionsHaveOneHelpTextInEveryCommand() {
        String provider = "ONNX Runtime execution provider on this computer";
        String adb = "adb server (default: $ADB_SERVER_SOCKET";
        for (String command : new String[] {"generate", "batch", "bench", "devices"}) {
            Cli h = Cli.run(command, "--help");
            assertEquals(0, h.code(), h.toString());
            boolean runs = !command.equals("devices");
            assertEquals(runs, h.out().contains("--provider=cpu|cuda") && h.out().contains(provider), command + ":\n" + h.out());
            assertTrue(h.out().contains("--adb-server=HOST:PORT") && h.out().replaceAll("\\s+", " ").contains(adb), command + ":\n" + h.out());
            assertEquals(runs, h.out().contains("--variant=NAME") && h.out().contains("Graph variant the bundle offers"), command);
        }
    }
}
