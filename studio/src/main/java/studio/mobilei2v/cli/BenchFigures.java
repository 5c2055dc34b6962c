package studio.mobilei2v.cli;

import studio.mobilei2v.inference.local.HardwarePeak;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import studio.mobilei2v.inference.RunReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import static studio.mobilei2v.inference.Percentiles.nearestRank;

/**
 * What {@code bench --json} writes: records serialised by Jackson with snake_case names (the field
 * names docs/CLI.md lists). Absent parts (no probe on a device, no export with --no-export) are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BenchFigures(@JsonUnwrapped Pipeline pipeline,
                    @JsonProperty("export_17x1280x720_ms") Map<String, ExportTiming> export) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pipeline's figures over the timed runs (times in ms, rounded to 0.1). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Pipeline(String memoryMode, Map<String, ProfileTable.Graph> profile, String model, String variant, String schedule,
                    String target, String device, int threads, int runs, double initMs, double firstRunMs,
                    P5090 clipMs, P5090 firstFrameMs, Stages stagesMs, P5090 perFrameMs, double gflopsAchieved,
                    StageGflops stageGflops, Double gflopsPeakProbe, Probe probe, Double rooflineEfficiency,
                    Double denoiserRooflineEfficiency, Hardware hardwarePeak, Double hardwareEfficiency,
                    Double peakRssMb, Double loadPeakRssMb) {
    }

    record P5090(double p50, double p90) {
        static P5090 of(List<Double> values) {
            return new P5090(round(nearestRank(values, 50)), round(nearestRank(values, 90)));
        }

        static P5090 of(List<RunReport> reports, ToDoubleFunction<RunReport> f) {
            return of(values(reports, f));
        }
    }

    record P50(double p50) {
    }

    record Stages(P50 encoder, P50 denoiser, P50 decoder, P50 warp) {
    }

    record StageGflops(double encoder, double denoiser, double decoder) {
    }

    record Probe(String shape, double medianMs) {
    }

    record Hardware(String cpu, String isa, int lanes, int fmaUnitsPerCore, double ghz, int cores, double gflops) {
        static Hardware of(HardwarePeak hw) {
            return new Hardware(hw.cpu(), hw.isa(), hw.lanes(), hw.fmaUnits(), hw.ghz(), hw.cores(), round(hw.gflops()));
        }
    }

    /** One format's export of the bench clip: wall time, the process's CPU time, file size. */
    record ExportTiming(double p50, double p90, double cpuMsP50, long bytes) {
    }

    static List<Double> values(List<RunReport> reports, ToDoubleFunction<RunReport> f) {
        List<Double> v = new ArrayList<>();
        for (RunReport r : reports) {
            v.add(f.applyAsDouble(r));
        }
        return v;
    }

    static double p50(List<RunReport> reports, ToDoubleFunction<RunReport> f) {
        return nearestRank(values(reports, f), 50);
    }

    /** 0.1 ms resolution; NaN (no values) prints as 0 as before. */
    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** A ratio to three decimals. */
    static double ratio(double a, double b) {
        return Math.round(a / b * 1000) / 1000.0;
    }
}
