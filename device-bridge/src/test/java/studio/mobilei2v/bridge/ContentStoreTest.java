package studio.mobilei2v.bridge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Push keyed by SHA-256 through the real adb server, including a cable pulled mid-file. */
@ExtendWith(BridgeFixturesExtension.class)
class ContentStoreTest {
    @TempDir
    Path tmp;
    private final BridgeFixtures fx;

    ContentStoreTest(BridgeFixtures fx) {
        this.fx = fx;
    }

    private Path randomFile(String name, int size, long seed) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Path p = tmp.resolve(name);
        Files.write(p, data);
        return p;
    }

    @Test
    void secondPushIsServedFromTheDeviceCacheAndADamagedCopyIsReplaced() throws Exception {
        FakeAdbDaemon d = fx.attach("board", FakeDeviceOptions.linux());
        Device device = fx.bridge().select(d.serial());
        DeviceFacts facts = fx.bridge().facts(device);
        String work = ContentStore.resolveWorkFolder(device, facts);
        assertEquals(d.home() + "/.cache/" + ContentStore.FOLDER_NAME, work);
        ContentStore store = new ContentStore(device, work);
        Path f = randomFile("model.onnx", 700_000, 1);
        String sha = ContentStore.sha256(f);
        ContentStore.Pushed first = store.ensure(f, sha, ".onnx");
        assertFalse(first.cached());
        assertEquals(700_000, first.bytes());
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(Path.of(first.remotePath())));
        ContentStore.Pushed second = store.ensure(f, sha, ".onnx");
        assertTrue(second.cached());
        assertEquals(0, second.bytes());
        // Bit rot or tampering on the device: the hash check notices and the file is sent again.
        Files.write(Path.of(first.remotePath()), new byte[]{1, 2, 3});
        ContentStore.Pushed third = store.ensure(f, sha, ".onnx");
        assertFalse(third.cached());
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(Path.of(third.remotePath())));
        store.clean();
        assertFalse(Files.exists(Path.of(work)));
    }

    @Test
    void pulledCableLeavesNoTrustedFileAndTheNextPushResumesCleanly() throws Exception {
        FakeAdbDaemon d = fx.attach("board", FakeDeviceOptions.linux().dropAfterSyncDataBytes(300_000));
        Device device = fx.bridge().select(d.serial());
        String work = ContentStore.resolveWorkFolder(device, fx.bridge().facts(device));
        ContentStore store = new ContentStore(device, work);
        Path small = randomFile("small.bin", 100_000, 2);
        Path big = randomFile("big.bin", 2_000_000, 3);
        String smallSha = ContentStore.sha256(small);
        String bigSha = ContentStore.sha256(big);
        assertFalse(store.ensure(small, smallSha, "").cached());
        BridgeException cut = assertThrows(BridgeException.class, () -> store.ensure(big, bigSha, ""));
        assertTrue(cut instanceof DeviceGoneException, "a pulled cable reads as the device going away: " + cut);
        Path blobs = Path.of(store.blobs());
        assertFalse(Files.exists(blobs.resolve(bigSha)), "a half file must never get the trusted name");
        List<Path> partial;
        try (Stream<Path> s = Files.list(blobs)) {
            partial = s.filter(p -> p.getFileName().toString().startsWith(".incoming-" + bigSha)).toList();
        }
        assertEquals(1, partial.size(), "the fixture leaves the partial file behind, the worst case");
        assertTrue(Files.size(partial.get(0)) < 2_000_000);

        d.plugIn();
        fx.adb().disconnect(d.serial());
        fx.adb().connect(d);
        fx.bridge().awaitReady(d.serial(), 20, TimeUnit.SECONDS);
        Device again = fx.bridge().select(d.serial());
        ContentStore store2 = new ContentStore(again, work);
        assertTrue(store2.ensure(small, smallSha, "").cached(), "files that arrived whole stay trusted");
        ContentStore.Pushed resumed = store2.ensure(big, bigSha, "");
        assertFalse(resumed.cached());
        assertArrayEquals(Files.readAllBytes(big), Files.readAllBytes(blobs.resolve(bigSha)));
        try (Stream<Path> s = Files.list(blobs)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith(".incoming-")).count(), "stale partial files are removed");
        }
    }
}
