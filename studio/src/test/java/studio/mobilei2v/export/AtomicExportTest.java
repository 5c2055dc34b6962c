package studio.mobilei2v.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A failed, cancelled or refused export leaves nothing behind: no target, no temporary file. */
class AtomicExportTest {

    private static final int W = 256;
    private static final int H = 144;

    @TempDir
    Path dir;

    private static Path target(Path dir, ExportFormat f) {
        return dir.resolve(f == ExportFormat.PNG_SEQUENCE ? "frames" : "clip." + f.extension());
    }

    private List<String> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A 17-frame export of {@code format} opened on {@code out} that has been given its first {@code frames}. */
    private static FrameSink openWithFrames(Path out, ExportFormat format, int frames) throws ExportException {
        FrameSink sink = ClipExporter.open(out, ExportOptions.of(format, 17), List.of(TestFrames.description(W, H, 17, 1)));
        for (int i = 0; i < frames; i++) {
            sink.accept(TestFrames.frame(W, H, i));
        }
        return sink;
    }

    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void cancelMidwayLeavesNothing(ExportFormat format) throws Exception {
        Path out = target(dir, format);
        try (FrameSink sink = openWithFrames(out, format, 8)) {
            assertEquals(1, listing(dir).size(), "while writing, only the hidden temporary exists");
            assertTrue(listing(dir).get(0).startsWith("." + out.getFileName() + ".part-"), listing(dir).toString());
            // leaving the block without finish() is a cancel
        }
        assertEquals(List.of(), listing(dir));
    }

    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void tooFewFramesFailsAndLeavesNothing(ExportFormat format) throws Exception {
        Path out = target(dir, format);
        try (FrameSink sink = openWithFrames(out, format, 5)) {
            ExportException e = assertThrows(ExportException.class, sink::finish);
            assertTrue(e.getMessage().contains("expected 17 frames, got 5"), e.getMessage());
            assertTrue(e.getMessage().contains(out.getFileName().toString()), "names the file: " + e.getMessage());
        }
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void failureInTheFrameSourceLeavesNothing() throws Exception {
        Path out = dir.resolve("t.webm");
        Iterable<RgbFrame> failing = () -> new java.util.Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public RgbFrame next() {
                if (i == 6) {
                    throw new IllegalStateException("decoder failed");
                }
                return TestFrames.frame(W, H, i++);
            }
        };
        assertThrows(IllegalStateException.class, () -> ClipExporter.exportTimeline(out,
                ExportOptions.of(ExportFormat.WEBM_VP9, 17),
                List.of(new ClipExporter.TimelineClip(TestFrames.description(W, H, 17, 1), failing))));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void unwritablePlacesAreRefusedUpFrontNamingThePath() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        ExportException e = assertThrows(ExportException.class, () -> ClipExporter.open(file.resolve("clip.mp4"),
                ExportOptions.of(ExportFormat.MP4_H264, 17), List.of(TestFrames.description(W, H, 17, 1))));
        assertTrue(e.getMessage().contains("not-a-folder"), e.getMessage());
        ExportException missing = assertThrows(ExportException.class, () -> ClipExporter.open(
                dir.resolve("nope/clip.gif"), ExportOptions.of(ExportFormat.GIF, 17),
                List.of(TestFrames.description(W, H, 17, 1))));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        assertEquals(List.of("not-a-folder"), listing(dir));
    }

    @Test
    void replacingAnOlderExportIsAllOrNothing() throws Exception {
        Path out = dir.resolve("clip.gif");
        Files.writeString(out, "older export");
        try (FrameSink sink = ClipExporter.open(out, ExportOptions.of(ExportFormat.GIF, 17),
                List.of(TestFrames.description(W, H, 17, 1)))) {
            sink.accept(TestFrames.frame(W, H, 0));
        }
        assertEquals("older export", Files.readString(out), "a cancelled export keeps the old file intact");
        try (FrameSink sink = ClipExporter.open(out, ExportOptions.of(ExportFormat.GIF, 17),
                List.of(TestFrames.description(W, H, 1, 1)))) {
            sink.accept(TestFrames.frame(W, H, 0));
            sink.finish();
        }
        assertTrue(ExportedClipReader.hasClipMetadata(out));
        assertEquals(List.of("clip.gif"), listing(dir));
    }

    @Test
    void pngSequenceRefusesAFolderWithOtherFiles() throws Exception {
        Path out = Files.createDirectory(dir.resolve("holiday"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        try (FrameSink sink = ClipExporter.open(out, ExportOptions.of(ExportFormat.PNG_SEQUENCE, 17),
                List.of(TestFrames.description(W, H, 1, 1)))) {
            sink.accept(TestFrames.frame(W, H, 0));
            ExportException e = assertThrows(ExportException.class, sink::finish);
            assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        }
        assertEquals(List.of("notes.txt"), listing(out));
        assertEquals(List.of("holiday"), listing(dir));
    }

    /**
     * A real full disk: a 256 KiB tmpfs. Mounting needs root (CAP_SYS_ADMIN); where that is not
     * allowed the test is skipped, and the cancel/failure tests above still cover the clean-up path.
     */
    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void fullDiskFailsCleanly(ExportFormat format) throws Exception {
        try (SmallDisk disk = SmallDisk.mountOrSkip(dir, "256k",
                "cannot mount a small tmpfs here (needs root): full-disk test skipped")) {
            Path mount = disk.path();
            Path out = target(mount, format);
            ExportException e = assertThrows(ExportException.class, () -> {
                try (FrameSink sink = ClipExporter.open(out, ExportOptions.of(format, 17).withQuality(100),
                        List.of(TestFrames.description(640, 360, 17, 1)))) {
                    for (RgbFrame f : TestFrames.clip(640, 360, 17)) {
                        sink.accept(f);
                    }
                    sink.finish();
                }
            });
            assertTrue(e.getMessage().contains(out.getFileName().toString()), e.getMessage());
            assertEquals(List.of(), listing(mount), "nothing left on the full disk: " + e.getMessage());
        }
    }

    @Test
    void missingEncoderIsRefusedNotReplaced() {
        assertTrue(FfmpegEncoders.has("libopenh264"), "the LGPL FFmpeg build ships libopenh264");
        assertFalse(FfmpegEncoders.has("no-such-encoder"));
        ExportException e = assertThrows(ExportException.class,
                () -> FfmpegEncoders.require("no-such-encoder", ExportFormat.MP4_H264, Path.of("x.mp4")));
        assertTrue(e.getMessage().contains("no 'no-such-encoder' encoder"), e.getMessage());
    }
}
