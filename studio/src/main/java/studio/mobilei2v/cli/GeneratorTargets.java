package studio.mobilei2v.cli;

import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.BundleException;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.LocalVideoGenerator;

/**
 * Where a run happens: this computer (ONNX Runtime in this process) or a device through the
 * device bridge. The commands only see a {@link VideoGenerator}; this is the one place that
 * knows the targets.
 */
final class GeneratorTargets {

    private GeneratorTargets() {
    }

    static VideoGenerator open(ModelBundle bundle, LocalOptions options, String deviceSerial)
            throws BadInputException, CommandFailedException {
        return open(bundle, options, deviceSerial, null);
    }

    /** @param adbServer {@code --adb-server HOST:PORT}, or null for the environment's server */
    static VideoGenerator open(ModelBundle bundle, LocalOptions options, String deviceSerial, String adbServer)
            throws BadInputException, CommandFailedException {
        if (deviceSerial == null) {
            try {
                return LocalVideoGenerator.open(bundle, options);
            } catch (BundleException e) {
                throw new BadInputException(bundle.dir() + ": " + e.getMessage(), e);
            }
        }
        return DeviceGenerators.open(bundle, options, deviceSerial, adbServer);
    }
}
