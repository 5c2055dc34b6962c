package studio.mobilei2v.inference.local;

import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.Percentiles;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.bundle.ModelBundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warm-run latency of the local pipeline, for README figures and regressions:
 * {@code java -cp ... studio.mobilei2v.inference.local.Benchmark BUNDLE [runs] [threads] [schedule] [variant] [spin]}.
 * Prints the first (cold) run and the median / P90 of the warm runs.
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "assets/models/mobilei2v-nano");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        String schedule = args.length > 3 ? args[3] : null;
        String variant = args.length > 4 ? args[4] : "desktop";
        boolean spin = args.length > 5 && Boolean.parseBoolean(args[5]);
        ModelBundle bundle = ModelBundle.open(dir);
        int w = bundle.video().width();
        int h = bundle.video().height();
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 31 >> 4);
        }
        ModelImage img = ModelImage.ofPixels(w, h, rgb);
        LocalOptions opts = LocalOptions.defaults().withVariant(variant).withThreads(threads).withSpinning(spin);
        try (LocalVideoGenerator gen = LocalVideoGenerator.open(bundle, opts)) {
            List<RunReport> reports = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                reports.add(gen.generate(new GenerationRequest(img, i, schedule, null, null), GenerationListener.NONE,
                        Cancellation.none()));
            }
            RunReport cold = reports.get(0);
            System.out.printf(Locale.ROOT, "%s %s variant=%s threads=%d spin=%s schedule=%s%n", bundle.name(), bundle.version(),
                    variant, opts.effectiveThreads(), spin, cold.parameters().schedule());
            System.out.printf(Locale.ROOT, "cold: init %.0f ms, first frame %.0f ms, total %.0f ms%n",
                    cold.initMs(), cold.firstFrameMs(), cold.totalMs());
            List<RunReport> warm = reports.subList(1, reports.size());
            print("warm total", warm.stream().map(RunReport::totalMs).toList());
            print("warm first frame", warm.stream().map(RunReport::firstFrameMs).toList());
            print("encoder", warm.stream().map(r -> r.stages().encoderMs()).toList());
            print("denoiser", warm.stream().map(r -> r.stages().denoiserMs()).toList());
            print("decoder (all frames)", warm.stream().map(r -> r.stages().decoderMs()).toList());
            print("per frame", warm.stream().flatMap(r -> r.frameMs().stream()).toList());
            print("GFLOP/s", warm.stream().map(r -> r.compute().gflopsPerSecond()).toList());
            RunReport last = warm.get(warm.size() - 1);
            System.out.printf(Locale.ROOT, "peak RSS %s (%s), heap %.0f MB%n",
                    last.memory().rssPeakBytes() == null ? "n/a" : String.format(Locale.ROOT, "%.0f MB", last.memory().rssPeakBytes() / 1e6),
                    last.memory().rssPeakScope(), last.memory().jvmHeapPeakBytes() / 1e6);
        }
    }

    private static void print(String what, List<Double> values) {
        System.out.printf(Locale.ROOT, "%-22s p50 %8.1f  p90 %8.1f  min %8.1f  (n=%d)%n", what,
                Percentiles.nearestRank(values, 50), Percentiles.nearestRank(values, 90), Percentiles.nearestRank(values, 0),
                values.size());
    }
}
