package studio.mobilei2v.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench produces every figure issue 6 asks for (values are measured, never asserted as limits). */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void pipelineFiguresWithASmallProbe() throws Exception {
        Path bundle = TestBundles.real();
        Path json = dir.resolve("bench.json");
        Cli r = Cli.run("bench", "--model", bundle.toString(), "--runs", "2", "--probe", "256x256x256",
                "--no-export", "--json", json.toString(), "--profile", dir.resolve("profiles").toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode j = new ObjectMapper().readTree(Files.readString(json));
        assertEquals("lean", j.get("memory_mode").asText());
        assertTrue(j.get("stage_gflops").get("denoiser").asDouble() > 0, j.toString());
        assertTrue(j.get("denoiser_roofline_efficiency").asDouble() > 0, j.toString());
        JsonNode den = j.get("profile").get("denoiser");
        assertEquals(3, den.get("calls").asInt(), "warm-up + 2 runs of a 1-step schedule");
        assertTrue(den.get("ops").size() > 3 && den.get("kernel_ms").asDouble() > 0, den.toString());
        assertTrue(Files.isRegularFile(Path.of(den.get("file").asText())));
        for (String key : new String[] {"model", "threads", "runs", "init_ms", "first_run_ms", "clip_ms",
                "first_frame_ms", "stages_ms", "per_frame_ms", "gflops_achieved", "gflops_peak_probe",
                "roofline_efficiency", "hardware_peak", "peak_rss_mb"}) {
            assertTrue(j.has(key), "bench JSON has " + key + ": " + j);
        }
        assertTrue(j.get("clip_ms").get("p50").asDouble() > 0);
        assertTrue(j.get("clip_ms").get("p90").asDouble() >= j.get("clip_ms").get("p50").asDouble());
        assertTrue(j.get("gflops_peak_probe").asDouble() > 0);
        assertTrue(j.get("stages_ms").get("denoiser").get("p50").asDouble() > 0);
        assertTrue(r.out().contains("roofline efficiency"), r.out());
    }

    @Test
    void exportOnlyNeedsNoModel() throws Exception {
        Path json = dir.resolve("export.json");
        Cli r = Cli.run("bench", "--export-only", "--runs", "1", "--json", json.toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode e = new ObjectMapper().readTree(Files.readString(json)).get("export_17x1280x720_ms");
        for (String f : new String[] {"mp4_h264", "webm_vp9", "gif"}) {
            assertTrue(e.get(f).get("p50").asDouble() > 0, f);
            assertTrue(e.get(f).get("bytes").asLong() > 0, f);
        }
    }

    @Test
    void unknownMemoryModeIsBadInput() {
        Cli r = Cli.run("bench", "--export-only", "--runs", "1", "--memory", "huge");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.errLines().get(0).contains("--memory huge"), r.toString());
    }

    @Test
    void badProbeShapeIsBadInput() {
        Cli r = Cli.run("bench", "--export-only", "--runs", "1", "--probe", "12x");
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).contains("--probe 12x"), r.toString());
        // a missing folder is made now (issue 11); a parent that is a plain file is still bad input
        java.nio.file.Path plain = dir.resolve("plain");
        try { java.nio.file.Files.writeString(plain, "x"); } catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }
        Cli j = Cli.run("bench", "--export-only", "--runs", "1", "--json", plain.resolve("none.json").toString());
        assertEquals(2, j.code(), j.toString());
        assertTrue(j.errLines().get(0).contains("--json"), j.toString());
    }
}
