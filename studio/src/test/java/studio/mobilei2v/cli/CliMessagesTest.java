package studio.mobilei2v.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 11, item 8: the command line's messages say which option and what it expects, name a
 * missing file as a person would, exit 2 for a bad --device, print the real version, and create
 * the output folders it is given (as the studio does).
 */
class CliMessagesTest {
    @TempDir
    Path dir;
    Path bundle;
    Path photo;

    @BeforeEach
    void setUp() throws IOException {
        bundle = TestBundles.manifestOnly(dir.resolve("bundle"));
        photo = TestImages.photo(dir.resolve("photo.jpg"), 320, 200);
    }

    private Cli generate(String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--model", bundle.toString(), "--image", photo.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args);
    }

    @Test
    void aNumberOptionSaysWhichOptionAndWhatItExpects() {
        Cli r = generate("--out", dir.resolve("a.mp4").toString(), "--seed", "abc");
        assertEquals(2, r.code(), r.toString());
        String line = r.errLines().get(0);
        assertTrue(line.contains("--seed") && line.contains("'abc'") && line.contains("whole number"), line);
        assertFalse(line.contains("is not a long"), line);
        Cli m = generate("--out", dir.resolve("a.mp4").toString(), "--motion", "lots");
        assertTrue(m.errLines().get(0).contains("--motion") && m.errLines().get(0).contains("a number"), m.toString());
    }

    @Test
    void aMissingFileIsNamedNotItsExceptionClass() {
        Path nowhere = dir.resolve("nowhere.png");
        Cli r = Cli.run("generate", "--model", bundle.toString(), "--image", nowhere.toString(), "--out", dir.resolve("a.mp4").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("no such file: " + nowhere), r.toString());
        assertFalse(r.err().contains("NoSuchFileException"), r.toString());
    }

    @Test
    void aFolderThatTakesNoFilesIsNotWritableNotAnExceptionClass() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc")), "needs /proc");
        Cli r = generate("--out", "/proc/x.mp4");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("not writable"), r.toString());
        assertFalse(r.err().contains("Exception"), r.toString());
    }

    @Test
    void aDeviceThatIsNotThereIsBadInput() {
        Cli r = generate("--out", dir.resolve("a.mp4").toString(), "--device", "NOT-ATTACHED-0000");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.errLines().get(0).contains("--device NOT-ATTACHED-0000"), r.toString());
    }

    @Test
    void versionIsThePomVersion() throws IOException {
        Cli r = Cli.run("--version");
        assertEquals(0, r.code(), r.toString());
        assertFalse(r.out().contains("development build"), r.out());
        String pom = Files.readString(Path.of("pom.xml"));
        String version = pom.substring(pom.indexOf("<version>", pom.indexOf("<parent>")) + 9, pom.indexOf("</version>", pom.indexOf("<parent>")));
        assertTrue(r.out().startsWith("MobileI2V Studio " + version), r.out());
    }

    @Test
    void missingOutputFoldersAreCreated() {
        Path out = dir.resolve("new").resolve("sub").resolve("a.mp4");
        Cli r = generate("--out", out.toString());
        assertFalse(r.err().contains("does not exist"), r.toString());
        assertTrue(Files.isDirectory(out.getParent()), "the folder the user named was made: " + r);
    }
}
