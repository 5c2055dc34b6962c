package studio.mobilei2v.bridge;

import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;
import studio.mobilei2v.bridge.fixture.TestAdbServer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fake devices attached to the private adb server, and a DeviceBridge on that server. Tests get
 * one per test method from {@link BridgeFixturesExtension}; closing detaches and stops the
 * devices and closes the bridge.
 */
public final class BridgeFixtures implements AutoCloseable {
    private final TestAdbServer adb;
    private final DeviceBridge bridge;
    private final Path dir;
    private final List<FakeAdbDaemon> devices = new ArrayList<>();

    /** @param dir where devices attached by name keep their storage */
    public BridgeFixtures(Path dir) throws Exception {
        this.dir = dir;
        this.adb = TestAdbServer.shared();
        this.bridge = DeviceBridge.open(adb.adb, adb.port, Map.of("HOME", adb.home.toString()));
    }

    public TestAdbServer adb() {
        return adb;
    }

    public DeviceBridge bridge() {
        return bridge;
    }

    public FakeAdbDaemon attach(String name, FakeDeviceOptions options) throws Exception {
        return attachAt(dir.resolve(name), options);
    }

    /** A device whose storage is {@code root}: tests may share one so pushes stay cached. */
    public FakeAdbDaemon attachAt(Path root, FakeDeviceOptions options) throws Exception {
        FakeAdbDaemon d = FakeAdbDaemon.start(root, options);
        devices.add(d);
        adb.connect(d);
        bridge.awaitReady(d.serial(), 20, TimeUnit.SECONDS);
        return d;
    }

    public FakeAdbDaemon attachExpectingTrouble(String name, FakeDeviceOptions options) throws Exception {
        FakeAdbDaemon d = FakeAdbDaemon.start(dir.resolve(name), options);
        devices.add(d);
        Thread t = new Thread(() -> {
            try {
                adb.connectExpectingTrouble(d);
            } catch (Exception ignored) {
                // adb reports the trouble; the test looks at the state
            }
        });
        t.setDaemon(true);
        t.start();
        return d;
    }

    @Override
    public void close() throws Exception {
        for (FakeAdbDaemon d : devices) {
            adb.unplug(d);
        }
        bridge.close();
    }
}
