package studio.mobilei2v.studio.engine;

import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.studio.targets.RunTarget;

/** Opens a generator for a bundle on a run target (ONNX Runtime here, or a device's runner). */
@FunctionalInterface
public interface GeneratorFactory {
    VideoGenerator open(ModelBundle bundle, RunTarget target) throws Exception;
}
