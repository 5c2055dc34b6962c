package studio.mobilei2v.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export dialog's size estimate: ordered sensibly, and within a factor of the real size. */
class ExportSizeEstimatorTest {

    @TempDir
    Path dir;

    @Test
    void growsWithQualityScaleAndFrames() {
        for (ExportFormat f : ExportFormat.values()) {
            ExportOptions o = ExportOptions.of(f, 17);
            long base = ExportSizeEstimator.estimateBytes(o, 256, 144, 17, 0);
            assertTrue(base > 0);
            assertTrue(ExportSizeEstimator.estimateBytes(o.withQuality(100), 256, 144, 17, 0)
                    >= ExportSizeEstimator.estimateBytes(o.withQuality(10), 256, 144, 17, 0), f.name());
            assertTrue(ExportSizeEstimator.estimateBytes(o.withScale(2), 256, 144, 17, 0) > base, f.name());
            assertTrue(ExportSizeEstimator.estimateBytes(o, 256, 144, 34, 0) > base, f.name());
            assertTrue(ExportSizeEstimator.estimateBytes(o, 256, 144, 17, 50_000) > base, "metadata counts: " + f);
        }
    }

    @Test
    void estimateIsWithinAFactorOfThreeOfTheRealSize() throws Exception {
        for (ExportFormat f : ExportFormat.values()) {
            Path out = dir.resolve(f == ExportFormat.PNG_SEQUENCE ? "frames" : "clip." + f.extension());
            ClipDescription d = TestFrames.description(256, 144, 17, 1);
            long real;
            try (FrameSink sink = ClipExporter.open(out, ExportOptions.of(f, 17), List.of(d))) {
                for (RgbFrame frame : TestFrames.clip(256, 144, 17)) {
                    sink.accept(frame);
                }
                real = sink.finish().bytes();
            }
            long estimate = ExportSizeEstimator.estimateBytes(ExportOptions.of(f, 17), 256, 144, 17,
                    d.sourceImage().length);
            double ratio = (double) estimate / real;
            System.out.printf("size estimate %-12s real %8d estimate %8d ratio %.2f%n", f, real, estimate, ratio);
            assertTrue(ratio > 1 / 3.0 && ratio < 3, f + ": estimate " + estimate + " vs real " + real);
        }
    }
}
