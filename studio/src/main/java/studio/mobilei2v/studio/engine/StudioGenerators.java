package studio.mobilei2v.studio.engine;

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
    @Override
    public VideoGenerator open(ModelBundle bundle, RunTarget target) throws Exception {
        if (target.isLocal()) {
            return LocalVideoGenerator.open(bundle, LocalOptions.defaults());
        }
        return DeviceGenerators.open(bundle, target);
    }
}
