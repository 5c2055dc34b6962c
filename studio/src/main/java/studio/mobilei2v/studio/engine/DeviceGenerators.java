package studio.mobilei2v.studio.engine;

import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.studio.targets.RunTarget;

/** Opens the device bridge's generator for a device target (the bridge's remote job client). */
final class DeviceGenerators {
    private DeviceGenerators() {
    }

    static VideoGenerator open(ModelBundle bundle, RunTarget target) throws Exception {
        throw new UnsupportedOperationException("running on " + target.label()
                + " needs the device bridge's generator, which this build does not have yet");
    }
}
