package studio.mobilei2v.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.testing.PythonTorch;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code info} and {@code generate --model} on a converted published-layout bundle (a vae-chunk
 * decoder with window 2 of 3, same-call guidance), made with model/make_random_official.py
 * --small. Skips without /usr/bin/python3 + torch + onnx (fails instead under MOBILEI2V_CI=1).
 */
class VaeChunkCliTest {
    @TempDir
    static Path dir;
    static Path bundle;
    static Path tiled;

    @BeforeAll
    static void makeBundle() throws Exception {
        if (PythonTorch.available()) {
            bundle = dir.resolve("bundle");
            PythonTorch.runModelScript(600, "make_random_official.py", "--out", dir.resolve("weights").toString(),
                    "--small", "--bundle", bundle.toString(), "--window", "2");
            tiled = dir.resolve("tiled");
            PythonTorch.runModelScript(600, "make_random_official.py", "--out", dir.resolve("weights-tiled").toString(),
                    "--small", "--bundle", tiled.toString(), "--grid", "3", "4", "6", "--video", "184", "120",
                    "--decoder-tile", "2", "4", "--decoder-overlap", "1", "--variants", "desktop");
        }
    }

    @BeforeEach
    void needsPython() {
        PythonTorch.require();
    }

    @Test
    void infoShowsTheDecoderKindWindowAndGuidance() {
        Cli text = Cli.run("info", "--model", bundle.toString());
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().contains("decoder     vae-chunk: RGB frames at 96x56, 2 of 3 latent frames per call, "
                + "2 calls per clip"), text.out());
        assertTrue(text.out().contains("CFG 4.5 same-call (one denoiser call per step)"), text.out());
        Cli json = Cli.run("info", "--model", bundle.toString(), "--json");
        assertEquals(0, json.code(), json.toString());
        assertTrue(json.out().replaceAll("\\s", "").contains("\"kind\":\"vae-chunk\""), json.out());
        assertTrue(json.out().replaceAll("\\s", "").contains("\"window\":2"), json.out());
        assertTrue(json.out().replaceAll("\\s", "").contains("\"tile\":null"), json.out());
    }

    @Test
    void infoShowsTheDecoderTiles() {
        Cli text = Cli.run("info", "--model", tiled.toString());
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().contains("3 of 3 latent frames per call, 6 calls per clip (exact); each window in 6 tiles "
                + "of 2 x 4 latent cells (overlap 1, blended: not exact)"), text.out());
        Cli json = Cli.run("info", "--model", tiled.toString(), "--json");
        assertTrue(json.out().replaceAll("\\s", "").contains(
                "\"tile\":{\"height\":2,\"width\":4,\"overlap\":1,\"per_window\":6}"), json.out());
    }

    @Test
    void generateMakesTheClipWithTwoDecoderCalls() throws Exception {
        Path photo = TestImages.photo(dir.resolve("photo.jpg"), 200, 120);
        Path report = dir.resolve("run.json");
        Cli run = Cli.run("generate", "--model", bundle.toString(), "--image", photo.toString(),
                "--out", dir.resolve("clip.mp4").toString(), "--seed", "3", "--report", report.toString());
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.err().contains("frame 17/17"), run.err());
        RunReport r = RunReport.fromJson(Files.readString(report));
        assertEquals(2, r.compute().decoderCalls());
        assertEquals(4, r.compute().denoiserCalls());
        assertEquals(96, r.parameters().width());
        assertEquals(56, r.parameters().height());
        assertTrue(Files.size(dir.resolve("clip.mp4")) > 0);
    }
}
