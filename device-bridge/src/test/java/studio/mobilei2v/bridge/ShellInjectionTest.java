package studio.mobilei2v.bridge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Hostile file names reach a real /bin/sh on the fixture device through adb and must arrive as
 * plain names: nothing in them may run.
 */
@ExtendWith(BridgeFixturesExtension.class)
class ShellInjectionTest {
    @TempDir
    Path tmp;
    private final BridgeFixtures fx;

    ShellInjectionTest(BridgeFixtures fx) {
        this.fx = fx;
    }

    /** Names without a slash (so each is one file); the injected commands would create PWNED in the cwd. */
    static List<String> hostileNames() {
        return List.of(
                "a;touch PWNED",
                "$(touch PWNED)",
                "`touch PWNED`",
                "with space and 'single' and \"double\" quotes",
                "x'; touch PWNED; echo '",
                "line1\ntouch PWNED",
                "amp & touch PWNED | cat > PWNED-pipe",
                "dollar $HOME ${PATH} \\back\\slash",
                "glob * ? [a-z]",
                "-rf");
    }

    @Test
    void hostileNamesAreCreatedListedHashedAndRemovedLiterally() throws Exception {
        FakeAdbDaemon d = fx.attach("board", FakeDeviceOptions.linux());
        Device device = fx.bridge().select(d.serial());
        Path dir = d.tmp().resolve("names");
        Files.createDirectories(dir);
        for (String name : hostileNames()) {
            String remote = dir + "/" + name;
            device.shellOk(ShellCommand.of("touch", remote), 30, "touch");
            assertTrue(Files.exists(dir.resolve(name)), "file with the literal name must exist: " + name);
            ShellResult hash = device.shell(ShellCommand.of("sha256sum", remote), 30);
            assertTrue(hash.ok(), hash.output());
            assertTrue(hash.output().contains("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), hash.output());
            device.shellOk(ShellCommand.of("rm", "-f", remote), 30, "rm");
            assertFalse(Files.exists(dir.resolve(name)), name);
        }
        for (Path cwd : List.of(d.root(), d.home(), d.tmp(), dir)) {
            assertFalse(Files.exists(cwd.resolve("PWNED")), "an injected command ran on the device in " + cwd);
            assertFalse(Files.exists(cwd.resolve("PWNED-pipe")), "an injected pipe ran on the device in " + cwd);
        }
    }

    @Test
    void theDocumentedExampleDoesNotTouchTmpPwned() throws Exception {
        FakeAdbDaemon d = fx.attach("board", FakeDeviceOptions.linux());
        Device device = fx.bridge().select(d.serial());
        boolean existedBefore = Files.exists(Path.of("/tmp/pwned"));
        String remote = d.tmp() + "/a;touch /tmp/pwned";
        // The name holds a slash, so it is a folder "a;touch " with /tmp/pwned inside: make the folders.
        device.shellOk(ShellCommand.of("mkdir", "-p", d.tmp() + "/a;touch /tmp").and(ShellCommand.of("touch", remote)), 30, "touch");
        assertTrue(Files.isRegularFile(d.tmp().resolve("a;touch /tmp/pwned")), "the literal path was created");
        if (!existedBefore) {
            assertFalse(Files.exists(Path.of("/tmp/pwned")), "the injected touch ran");
        }
    }

    @Test
    void contentStoreKeepsHostileFileNamesInert() throws Exception {
        FakeAdbDaemon d = fx.attach("board", FakeDeviceOptions.linux());
        Device device = fx.bridge().select(d.serial());
        Path pwned = tmp.resolve("pwned-store");
        Path local = tmp.resolve("a;touch PWNED $(touch PWNED)");
        Files.writeString(local, "payload");
        ContentStore store = new ContentStore(device, d.tmp() + "/store $(touch " + pwned + ")");
        ContentStore.Pushed p = store.ensure(local, ContentStore.sha256(local), ".bin");
        assertEquals("payload", Files.readString(Path.of(p.remotePath())));
        store.clean();
        assertFalse(Files.exists(Path.of(store.workFolder())));
        assertFalse(Files.exists(pwned));
        assertFalse(Files.exists(d.root().resolve("PWNED")));
    }

    @Test
    void quotingRulesAreStrict() {
        assertEquals("'it'\\''s'", ShellCommand.quote("it's"));
        assertThrows(IllegalArgumentException.class, () -> ShellCommand.quote("nul\0byte"));
        assertThrows(IllegalArgumentException.class, () -> ShellCommand.of("rm;reboot"));
        assertThrows(IllegalArgumentException.class, () -> ShellCommand.of("$(x)"));
        assertThrows(IllegalArgumentException.class, () -> ShellCommand.env("A=B", "v", ShellCommand.of("true")));
        assertEquals("cat 'a b' && echo '$x'", ShellCommand.of("cat", "a b").and(ShellCommand.of("echo", "$x")).render());
    }
}
