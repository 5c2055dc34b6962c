package studio.mobilei2v.studio.engine;

import studio.mobilei2v.bridge.DeviceBridge;
import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.LocalVideoGenerator;
import studio.mobilei2v.studio.targets.RunTarget;

/**
 * The studio's real {@link GeneratorFactory}: ONNX Runtime here for "This computer"; device runs
 * go through the device bridge's generator.
 */
public final class StudioGenerators implements GeneratorFactory {
    private final DeviceBridge.Opener devices;

    /** Devices through the user's adb server (ANDROID_ADB_SERVER_PORT, else 5037). */
    public StudioGenerators() {
        this(DeviceBridge::open);
    }

    /** Devices through the adb server {@code devices} connects to (the UI tests' private server). */
    public StudioGenerators(DeviceBridge.Opener devices) {
        this.devices = devices;
    }

    @Override
    public VideoGenerator open(ModelBundle bundle, RunTarget target) throws Exception {
        if (target.isLocal()) {
            return LocalVideoGenerator.open(bundle, LocalOptions.defaults());
        }
        return DeviceGenerators.open(devices, bundle, target);
    }
}
