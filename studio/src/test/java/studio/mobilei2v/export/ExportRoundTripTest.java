package studio.mobilei2v.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every format written and decoded back: frame count, size, codec, pixels, metadata and source image. */
class ExportRoundTripTest {

    private static final int W = 256;
    private static final int H = 144;
    private static final int FRAMES = 17;

    @TempDir
    Path dir;

    private ExportResult export(Path out, ExportOptions options, int w, int h) throws Exception {
        ClipDescription d = TestFrames.description(w, h, FRAMES, 42);
        try (FrameSink sink = ClipExporter.open(out, options, List.of(d))) {
            for (RgbFrame f : TestFrames.clip(w, h, FRAMES)) {
                sink.accept(f);
            }
            return sink.finish();
        }
    }

    private static void assertMetadata(Path out, int w, int h) throws Exception {
        ExportedClip clip = ExportedClipReader.read(out);
        GenerationParameters g = clip.generation();
        assertEquals(TestFrames.parameters(42), g);
        assertEquals("photo \u00e9t\u00e9.jpg", g.sourceName(), "non-ASCII survives the 7-bit escaping");
        assertArrayEquals(TestFrames.png(TestFrames.frame(w, h, 0)), clip.sourceImage(), "source image bytes");
        assertEquals(FRAMES, clip.document().video().frames());
        assertEquals(ClipDocument.FORMAT, clip.document().format());
    }

    /** Decodes a yuv420p export back: codec (never a fallback), size, every frame close, metadata, no leftovers. */
    private Decoded assertYuv420pVideo(Path out, String codec) throws Exception {
        Decoded d = Decoded.of(out);
        assertEquals(codec, d.codec(), "must be real " + codec + ", not a fallback codec");
        assertEquals(avutil.AV_PIX_FMT_YUV420P, d.pixelFormat());
        assertFramesClose(d, 8);
        assertMetadata(out, W, H);
        assertOnlyFile(out);
        return d;
    }

    /** W x H, every frame there, each within {@code tolerance} mean absolute error of what was exported. */
    private static void assertFramesClose(Decoded d, double tolerance) {
        assertEquals(W, d.width());
        assertEquals(H, d.height());
        assertEquals(FRAMES, d.frames().size());
        for (int i = 0; i < FRAMES; i++) {
            double diff = TestFrames.meanAbsDiff(TestFrames.frame(W, H, i), d.frames().get(i));
            assertTrue(diff < tolerance, "frame " + i + " differs by " + diff + " on average");
        }
    }

    @Test
    void mp4IsH264Yuv420pWithAllFramesAndMetadata() throws Exception {
        Path out = dir.resolve("clip.mp4");
        ExportResult r = export(out, ExportOptions.of(ExportFormat.MP4_H264, 17), W, H);
        assertEquals("libopenh264", r.codec());
        assertEquals(List.of(), r.notes());
        Decoded d = assertYuv420pVideo(out, "h264");
        assertEquals(17.0, d.frameRate(), 0.01);
    }

    @Test
    void webmIsVp9WithAllFramesAndMetadata() throws Exception {
        Path out = dir.resolve("clip.webm");
        ExportResult r = export(out, ExportOptions.of(ExportFormat.WEBM_VP9, 17), W, H);
        assertEquals("libvpx-vp9", r.codec());
        assertYuv420pVideo(out, "vp9");
    }

    @Test
    void oddSizeIsPaddedVisiblyNotResized() throws Exception {
        Path out = dir.resolve("odd.mp4");
        ExportResult r = export(out, ExportOptions.of(ExportFormat.MP4_H264, 17), 257, 145);
        assertEquals(258, r.width());
        assertEquals(146, r.height());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("padded to 258x146")), r.notes().toString());
        Decoded d = Decoded.of(out);
        assertEquals(258, d.width());
        assertEquals(146, d.height());
        // Not stretched: the picture's own 257x145 pixels sit at the top left, unchanged in scale.
        for (int i = 0; i < FRAMES; i += 8) {
            double diff = TestFrames.meanAbsDiff(TestFrames.frame(257, 145, i), Decoded.crop(d.frames().get(i), 257, 145));
            assertTrue(diff < 8, "frame " + i + " differs by " + diff);
        }
        ClipDocument.Video v = ExportedClipReader.read(out).document().video();
        assertEquals(1, v.padRight());
        assertEquals(1, v.padBottom());
        assertEquals(257, v.contentWidth());
        assertEquals(145, v.contentHeight());
    }

    @Test
    void gifRoundTripsThroughFfmpegAndImageIo() throws Exception {
        Path out = dir.resolve("clip.gif");
        ExportResult r = export(out, ExportOptions.of(ExportFormat.GIF, 17), W, H);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("1/100 s")), "17 fps is not a whole number of 1/100 s");
        Decoded d = Decoded.of(out);
        assertEquals("gif", d.codec());
        assertFramesClose(d, 6);
        try (var in = ImageIO.createImageInputStream(out.toFile())) {
            var reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(FRAMES, reader.getNumImages(true), "Java's own GIF decoder agrees");
            reader.dispose();
        }
        assertMetadata(out, W, H);
    }

    @Test
    void gifDelaysAddUpToTheExactDuration() {
        int total = 0;
        for (int i = 0; i < 17; i++) {
            total += GifSink.delayCentiseconds(i, 17);
        }
        assertEquals(100, total);
    }

    @Test
    void pngSequenceIsLosslessWithSidecar() throws Exception {
        Path out = dir.resolve("frames");
        ExportResult r = export(out, ExportOptions.of(ExportFormat.PNG_SEQUENCE, 17), W, H);
        assertEquals(out, r.file());
        for (int i = 0; i < FRAMES; i++) {
            Path png = out.resolve(String.format("%03d.png", i));
            assertTrue(Files.isRegularFile(png), png.toString());
            RgbFrame back = studio.mobilei2v.export.image.RgbImages.fromImage(ImageIO.read(png.toFile()));
            assertArrayEquals(TestFrames.frame(W, H, i).rgb(), back.rgb(), "frame " + i + " must be exact");
        }
        assertTrue(Files.isRegularFile(out.resolve("clip.json")));
        assertTrue(Files.isRegularFile(out.resolve("source-0.png")));
        assertMetadata(out, W, H);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(FRAMES + 2, s.count());
        }
    }

    @Test
    void scaleChangesSizeAndIsRecorded() throws Exception {
        Path out = dir.resolve("half.webm");
        ExportResult r = export(out, ExportOptions.of(ExportFormat.WEBM_VP9, 17).withScale(0.5), W, H);
        assertEquals(128, r.width());
        assertEquals(72, r.height());
        Decoded d = Decoded.of(out);
        assertEquals(128, d.width());
        assertEquals(FRAMES, d.frames().size());
        assertEquals(0.5, ExportedClipReader.read(out).document().video().scale());
    }

    @Test
    void timelineConcatenatesClipsAndEmbedsEverySource() throws Exception {
        Path out = dir.resolve("timeline.mp4");
        ClipDescription a = TestFrames.description(W, H, FRAMES, 1);
        ClipDescription b = new ClipDescription(TestFrames.parameters(2), TestFrames.png(TestFrames.frame(128, 128, 0)),
                "image/png", 9, 128, 128, 17);
        ExportResult r = ClipExporter.exportTimeline(out, ExportOptions.of(ExportFormat.MP4_H264, 17), List.of(
                new ClipExporter.TimelineClip(a, TestFrames.clip(W, H, FRAMES)),
                new ClipExporter.TimelineClip(b, TestFrames.clip(128, 128, 9))));
        assertEquals(26, r.frames());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("letterboxed")), r.notes().toString());
        assertEquals(26, Decoded.of(out).frames().size());
        ExportedClip clip = ExportedClipReader.read(out);
        assertEquals(2, clip.document().clips().size());
        assertEquals(17, clip.document().clips().get(1).startFrame());
        assertEquals(2, clip.document().clips().get(1).generation().seed());
        assertNotNull(clip.sourceImages().get(1));
        assertArrayEquals(TestFrames.png(TestFrames.frame(128, 128, 0)), clip.sourceImages().get(1));
    }

    @Test
    void backgroundSinkGivesTheSameFile() throws Exception {
        Path out = dir.resolve("bg.gif");
        try (FrameSink sink = ClipExporter.openBackground(out, ExportOptions.of(ExportFormat.GIF, 17),
                List.of(TestFrames.description(W, H, FRAMES, 42)))) {
            for (RgbFrame f : TestFrames.clip(W, H, FRAMES)) {
                sink.accept(f);
            }
            assertEquals(FRAMES, sink.finish().frames());
        }
        assertEquals(FRAMES, Decoded.of(out).frames().size());
        assertMetadata(out, W, H);
    }

    private void assertOnlyFile(Path out) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(out.getFileName().toString()), s.map(p -> p.getFileName().toString()).toList(),
                    "no temporary files left beside the export");
        }
    }
}
