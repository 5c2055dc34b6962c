package studio.mobilei2v.studio.engine;

import studio.mobilei2v.bridge.DeviceBridge;
import studio.mobilei2v.bridge.DeviceVideoGenerator;
import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.studio.targets.RunTarget;

/**
 * Opens the device bridge's generator for a device target: it pushes the runner and the bundle
 * (content-hash cache), starts the runner with the model loaded and streams frames back. The
 * same variant, threads and provider as a local run, so a seed gives the same video on both.
 */
final class DeviceGenerators {
    private DeviceGenerators() {
    }

    static VideoGenerator open(DeviceBridge.Opener adb, ModelBundle bundle, RunTarget target) throws Exception {
        return DeviceVideoGenerator.open(adb, bundle, LocalOptions.defaults(), target.id());
    }
}
