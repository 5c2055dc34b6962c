package studio.mobilei2v.inference.runner;

import studio.mobilei2v.inference.ExecutionProvider;

import java.nio.file.Path;

/**
 * Command line of the device runner.
 *
 * @param bundle            bundle folder on the device
 * @param variant           graph variant, "mobile" by default (fp16, phone optimisations)
 * @param threads           ONNX Runtime intra-op threads; 0 = the big cores when the device tells
 *                          (see {@link BigCores}), else all cores
 * @param executionProvider {@code --ep cpu|cuda|xnnpack|nnapi} (all but cpu need a runtime that has
 *                          them), or null for {@code --ep auto}: XNNPACK where the runtime has it,
 *                          else CPU (what the bridge asks for on a phone, see {@link PhoneRuntime})
 * @param listen            tcp:PORT, unix:PATH or localabstract:NAME
 * @param target            the device serial, copied into reports
 * @param device            human description for reports
 * @param idleExitSeconds   exit when no host has been connected for this long (a host that
 *                          vanished must not leave a model loaded on the phone)
 * @param pidFile           where to write our pid, so the host can stop us; may be null
 */
public record RunnerOptions(Path bundle, String variant, int threads, ExecutionProvider executionProvider, String listen,
                            String target, String device, int idleExitSeconds, Path pidFile) {

    public static RunnerOptions parse(String[] args) {
        Path bundle = null;
        String variant = "mobile";
        int threads = 0;
        ExecutionProvider ep = ExecutionProvider.CPU;
        String listen = "tcp:0";
        String target = "device";
        String device = null;
        int idle = 600;
        Path pid = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--bundle" -> bundle = Path.of(v);
                case "--variant" -> variant = v;
                case "--threads" -> threads = intOption(a, v, 0);
                case "--ep" -> ep = PhoneRuntime.AUTO.equalsIgnoreCase(v) ? null : ExecutionProvider.parse(v);
                case "--listen" -> listen = v;
                case "--target" -> target = v;
                case "--device" -> device = v;
                case "--idle-exit-seconds" -> idle = intOption(a, v, 1);
                case "--pid-file" -> pid = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (bundle == null) {
            throw new IllegalArgumentException("--bundle DIR is required");
        }
        return new RunnerOptions(bundle, variant, threads, ep, listen, target, device, idle, pid);
    }

    private static int intOption(String name, String v, int min) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an integer >= " + min + ", not " + v);
    }
}
