package studio.mobilei2v.bridge.pool;

import studio.mobilei2v.bridge.BridgeException;
import studio.mobilei2v.bridge.DeviceBridge;
import studio.mobilei2v.bridge.DeviceInfo;
import studio.mobilei2v.bridge.DeviceVideoGenerator;
import studio.mobilei2v.bridge.runner.DeviceRunOptions;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.LocalVideoGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The workers a pool can hold: this computer, one device, or every usable device of a bridge. */
public final class PoolWorkers {
    private PoolWorkers() {
    }

    /** This computer: ONNX Runtime in this process with {@code options}. */
    public static PoolWorker local(ModelBundle bundle, LocalOptions options) {
        return new PoolWorker() {
            @Override
            public String id() {
                return WorkerFacts.LOCAL;
            }

            @Override
            public Opened open() throws Exception {
                return new Opened(LocalVideoGenerator.open(bundle, options), WorkerFacts.thisComputer(), () -> true);
            }
        };
    }

    /** A device on {@code bridge}: the runner is pushed, started and loaded by {@link PoolWorker#open()}. */
    public static PoolWorker device(DeviceBridge bridge, String serial, ModelBundle bundle, DeviceRunOptions options) {
        return new PoolWorker() {
            @Override
            public String id() {
                return serial;
            }

            @Override
            public Opened open() throws Exception {
                bridge.awaitReady(serial, 20, TimeUnit.SECONDS);
                DeviceVideoGenerator g = DeviceVideoGenerator.open(bridge, serial, bundle, options);
                return new Opened(g, WorkerFacts.device(serial, g.facts()), g::isUsable);
            }
        };
    }

    /**
     * Every device of {@code bridge} that is online now; devices in another state (unauthorized,
     * offline) are left out and named in {@code skipped} with what the user should do.
     */
    public static List<PoolWorker> allDevices(DeviceBridge bridge, ModelBundle bundle, DeviceRunOptions options,
                                              List<String> skipped) throws BridgeException {
        List<PoolWorker> out = new ArrayList<>();
        for (DeviceInfo d : bridge.devices()) {
            if (d.isUsable()) {
                out.add(device(bridge, d.serial(), bundle, options));
            } else {
                skipped.add(d.serial() + ": " + d.problem());
            }
        }
        if (out.isEmpty()) {
            throw new BridgeException("no usable device on the adb server at " + bridge.server()
                    + (skipped.isEmpty() ? "" : " (" + String.join("; ", skipped) + ")"));
        }
        return out;
    }
}
