package studio.mobilei2v.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RunReportTest {
    static RunReport sample() {
        return new RunReport(RunReport.FORMAT, "2026-11-26T02:00:00Z",
                new RunReport.Model("mobilei2v-nano", "0.1.0", "desktop", "fp32"),
                new RunReport.Placement("local", "host, 2 cores", ExecutionProvider.CPU, 2, "Linux 6.1", "amd64", "OpenJDK 17, onnxruntime 1.29.0"),
                new RunReport.Parameters(7, "distilled-1", 1, List.of(1.0, 0.0), 2.0, "pan-right", "crop",
                        new CropRect(1, 2, 30, 40), "a.jpg", "ab".repeat(32), 256, 144, 17, 17.0),
                true, 120.5, new RunReport.StageTimes(3.0, 0.5, 10.0, 40.0, 300.0),
                List.of(40.0), List.of(20.0, 18.0), 75.0, 480.0,
                new RunReport.Memory(100_000_000L, null, "unavailable"),
                new RunReport.Compute(1, 1, 17, 1.3e10, 37.1));
    }

    @Test
    void jsonRoundTripKeepsEverything() {
        RunReport r = sample();
        String json = r.toJson();
        assertEquals(r, RunReport.fromJson(json));
    }

    @Test
    void jsonFieldNamesAreTheDocumentedOnes() throws Exception {
        JsonNode n = new ObjectMapper().readTree(sample().toJson());
        assertEquals("mobilei2v-run-report/1", n.get("format").asText());
        assertEquals("local", n.at("/placement/target").asText());
        assertEquals(40.0, n.at("/stages/denoiserMs").asDouble());
        assertEquals(2, n.get("frameMs").size());
        assertEquals(75.0, n.get("firstFrameMs").asDouble());
        assertTrue(n.at("/memory/rssPeakBytes").isNull());
        assertEquals(30, n.at("/parameters/crop/width").asInt());
        assertEquals(37.1, n.at("/compute/gflopsPerSecond").asDouble());
    }

    @Test
    void unknownFieldsFromNewerWritersAreIgnored() {
        String json = sample().toJson().replaceFirst("\\{", "{ \"future\": 1,");
        assertEquals(sample(), RunReport.fromJson(json));
        assertThrows(IllegalArgumentException.class, () -> RunReport.fromJson("[1,2]"));
    }
}
