package studio.mobilei2v.bridge;

import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;

import java.nio.file.Path;

/** Lets tests in other packages use {@link BridgeFixtures}. */
public final class BridgeFixturesAccess implements AutoCloseable {
    private final BridgeFixtures fx;

    private BridgeFixturesAccess(BridgeFixtures fx) {
        this.fx = fx;
    }

    public static BridgeFixturesAccess open(Path dir) throws Exception {
        return new BridgeFixturesAccess(new BridgeFixtures(dir));
    }

    public DeviceBridge bridge() {
        return fx.bridge;
    }

    public FakeAdbDaemon attach(String name, FakeDeviceOptions options) throws Exception {
        return fx.attach(name, options);
    }

    public FakeAdbDaemon attachAt(Path root, FakeDeviceOptions options) throws Exception {
        return fx.attachAt(root, options);
    }

    public studio.mobilei2v.bridge.fixture.TestAdbServer adb() {
        return fx.adb;
    }

    @Override
    public void close() throws Exception {
        fx.close();
    }
}
