package studio.mobilei2v.studio;

import studio.mobilei2v.bridge.DeviceBridge;
import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;
import studio.mobilei2v.bridge.fixture.TestAdbServer;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fake Linux boards (the device-bridge module's fake ADB daemon; their runner JARs run under this
 * machine's java) behind the tests' own adb server on a private loopback port, with prepared
 * runner JARs in a temporary host cache instead of ~/.cache. Skips without adb (fails under
 * MOBILEI2V_CI=1). Close it to unplug the boards.
 */
final class PrivateBoards implements AutoCloseable {
    final TestAdbServer adb;
    private final List<FakeAdbDaemon> boards = new ArrayList<>();

    private PrivateBoards(TestAdbServer adb) {
        this.adb = adb;
    }

    static PrivateBoards attach(int count) throws Exception {
        System.setProperty("mobilei2v.cache", Files.createTempDirectory("mobilei2v-studio-device-cache").toString());
        PrivateBoards b = new PrivateBoards(TestAdbServer.shared());
        try {
            for (int i = 0; i < count; i++) {
                FakeAdbDaemon board = FakeAdbDaemon.start(Files.createTempDirectory("mobilei2v-studio-board"), FakeDeviceOptions.linux());
                b.boards.add(board);
                b.adb.connect(board);
            }
            return b;
        } catch (Exception e) {
            b.close();
            throw e;
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
    public void close() throws Exception {
        for (FakeAdbDaemon b : boards) {
            adb.unplug(b);
        }
        boards.clear();
    }
}
