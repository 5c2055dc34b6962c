package studio.mobilei2v.bridge.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.bridge.AdbServerAddress;
import studio.mobilei2v.bridge.DeviceBridge;
import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;
import studio.mobilei2v.bridge.fixture.TestAdbServer;
import studio.mobilei2v.bridge.runner.DeviceRunOptions;
import studio.mobilei2v.bridge.runner.TestBundle;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.bundle.ModelBundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The path a device farm's server takes (a server on another host), exercised on the tests'
 * private loopback server marked remote: nothing is started, ddmlib goes through the loopback
 * relay, and the runner is reached through the server's transport with no {@code adb forward}.
 * (No second machine exists here; the network hop itself is not exercised.)
 */
class RemoteAdbServerTest {
    @TempDir
    Path board;

    @Test
    void aRemoteServerIsUsedAsItIsWithoutForwards() throws Exception {
        ModelBundle bundle = TestBundle.nano();
        TestAdbServer adb = TestAdbServer.shared();
        try (FakeAdbDaemon d = FakeAdbDaemon.start(board, FakeDeviceOptions.linux())) {
            adb.connect(d);
            try {
                AdbServerAddress remote = AdbServerAddress.resolve("127.0.0.1:" + adb.port, "--adb-server", java.util.Map.of()).asRemote();
                List<String> forwardsDuringRun = new ArrayList<>();
                List<VideoFrame> frames = new ArrayList<>();
                try (DeviceBridge bridge = DeviceBridge.open(remote)) {
                    assertNull(bridge.adb(), "no adb is run on this computer for a remote server");
                    assertNotEquals(adb.port, bridge.port(), "ddmlib talks to the loopback relay");
                    bridge.awaitReady(d.serial(), 20, TimeUnit.SECONDS);
                    PoolJob.Output out = (worker, attempt) -> new PoolJob.Attempt() {
                        @Override
                        public void onFrame(int index, VideoFrame frame, double ms) {
                            frames.add(frame);
                            if (index == 0) {
                                try {
                                    forwardsDuringRun.add(adb.run(20, "forward", "--list").output().trim());
                                } catch (Exception e) {
                                    forwardsDuringRun.add("error: " + e);
                                }
                            }
                        }

                        @Override
                        public void commit(RunReport report) {
                        }

                        @Override
                        public void close() {
                        }
                    };
                    DeviceRunOptions options = DeviceRunOptions.defaults().withHostCache(TestBundle.hostCache()).withThreads(1);
                    try (DevicePool pool = DevicePool.start(List.of(PoolWorkers.device(bridge, d.serial(), bundle, options)), PoolListener.NONE)) {
                        PoolResult r = pool.submit(new PoolJob("remote", GenerationRequest.of(TestBundle.picture(bundle), 3L), out))
                                .get(600, TimeUnit.SECONDS);
                        assertEquals(PoolResult.Status.DONE, r.status(), r.toString());
                        assertEquals(d.serial(), r.worker().id());
                    }
                }
                assertEquals(bundle.video().frames(), frames.size());
                assertEquals(List.of(""), forwardsDuringRun, "the runner is reached without any adb forward");
            } finally {
                adb.disconnect(d.serial());
            }
        }
    }
}
