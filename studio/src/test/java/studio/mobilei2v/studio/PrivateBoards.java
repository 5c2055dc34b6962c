package studio.mobilei2v.studio;

import studio.mobilei2v.bridge.DeviceBridge;
import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;
import studio.mobilei2v.bridge.fixture.TestAdbServer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fake Linux boards (the device-bridge module's fake ADB daemon; their runner JARs run under this
 * machine's java) behind the tests' own adb server on a private loopback port, with prepared
 * runner JARs in a temporary host cache instead of ~/.cache. Skips without adb (fails under
 * MOBILEI2V_CI=1). A class-level JUnit extension:
 * {@code @RegisterExtension static final PrivateBoards boards = new PrivateBoards(2);} plugs them
 * in before the class's tests and unplugs them after.
 */
final class PrivateBoards implements BeforeAllCallback, AfterAllCallback {
    private final int count;
    private final List<FakeAdbDaemon> boards = new ArrayList<>();
    TestAdbServer adb;

    PrivateBoards(int count) {
        this.count = count;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        System.setProperty("mobilei2v.cache", Files.createTempDirectory("mobilei2v-studio-device-cache").toString());
        adb = TestAdbServer.shared();
        for (int i = 0; i < count; i++) {
            FakeAdbDaemon board = FakeAdbDaemon.start(Files.createTempDirectory("mobilei2v-studio-board"), FakeDeviceOptions.linux());
            boards.add(board);
            adb.connect(board);
        }
    }

    FakeAdbDaemon board(int i) {
        return boards.get(i);
    }

    /** Opens the bridge on this private server, the way a user's adb server setting would. */
    DeviceBridge.Opener opener() {
        return () -> DeviceBridge.open(adb.adb, adb.port, Map.of("HOME", adb.home.toString()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (FakeAdbDaemon b : boards) {
            adb.unplug(b);
        }
        boards.clear();
    }
}
