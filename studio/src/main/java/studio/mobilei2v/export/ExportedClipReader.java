package studio.mobilei2v.export;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Reads back what an export embedded (see docs/EXPORT.md): from MP4/WebM container tags, GIF
 * comment extensions, or a PNG sequence's clip.json and source files. This is what lets a file
 * dropped back on the timeline restore its clip.
 */
public final class ExportedClipReader {

    private ExportedClipReader() {
    }

    /** True if the file looks like one of ours (cheap: reads metadata only). */
    public static boolean hasClipMetadata(Path file) {
        try {
            read(file);
            return true;
        } catch (ExportException e) {
            return false;
        }
    }

    public static ExportedClip read(Path file) throws ExportException {
        if (!Files.exists(file)) {
            throw new ExportException(file, "file not found");
        }
        Map<String, String> entries;
        if (Files.isDirectory(file)) {
            return readPngSequence(file);
        } else if (isGif(file)) {
            entries = readGifComments(file);
        } else {
            entries = readContainerTags(file);
        }
        String json = entries.get(ExportPlan.CLIP_KEY);
        if (json == null) {
            throw new ExportException(file, "has no MobileI2V clip metadata (" + ExportPlan.CLIP_KEY + ")");
        }
        ClipDocument doc = parse(file, json);
        List<byte[]> sources = new ArrayList<>();
        for (ClipDocument.Clip clip : doc.clips()) {
            if (clip.source() == null) {
                sources.add(null);
                continue;
            }
            String b64 = entries.get(clip.source().location().toLowerCase(Locale.ROOT));
            if (b64 == null) {
                throw new ExportException(file, "source image tag '" + clip.source().location() + "' is missing");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(b64.trim());
            } catch (IllegalArgumentException e) {
                throw new ExportException(file, "source image tag '" + clip.source().location() + "' is not base64");
            }
            sources.add(checked(file, clip, bytes));
        }
        return new ExportedClip(file, doc, sources);
    }

    private static ClipDocument parse(Path file, String json) throws ExportException {
        try {
            ClipDocument doc = ClipDocumentJson.read(json);
            if (!ClipDocument.FORMAT.equals(doc.format())) {
                throw new ExportException(file, "clip metadata has format '" + doc.format() + "', expected "
                        + ClipDocument.FORMAT);
            }
            if (doc.clips().isEmpty()) {
                throw new ExportException(file, "clip metadata lists no clips");
            }
            return doc;
        } catch (JsonProcessingException e) {
            throw new ExportException(file, "clip metadata is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static byte[] checked(Path file, ClipDocument.Clip clip, byte[] bytes) throws ExportException {
        String sha = ExportPlan.sha256(bytes);
        if (!sha.equalsIgnoreCase(clip.source().sha256())) {
            throw new ExportException(file, "embedded source image '" + clip.source().location()
                    + "' is damaged (SHA-256 mismatch)");
        }
        return bytes;
    }

    private static ExportedClip readPngSequence(Path dir) throws ExportException {
        Path json = dir.resolve(PngSequenceSink.DOCUMENT_FILE);
        if (!Files.isRegularFile(json)) {
            throw new ExportException(dir, "folder has no " + PngSequenceSink.DOCUMENT_FILE);
        }
        ClipDocument doc;
        try {
            doc = parse(json, Files.readString(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ExportException(json, "cannot read: " + AtomicOutput.reason(e), e);
        }
        List<byte[]> sources = new ArrayList<>();
        for (ClipDocument.Clip clip : doc.clips()) {
            if (clip.source() == null) {
                sources.add(null);
                continue;
            }
            String name = clip.source().location();
            // The name comes from a file someone may have edited: never follow it out of the folder.
            if (!name.matches("source-\\d+\\.(png|jpg)")) {
                throw new ExportException(json, "source image name '" + name + "' is not a source-N file");
            }
            try {
                sources.add(checked(dir.resolve(name), clip, Files.readAllBytes(dir.resolve(name))));
            } catch (IOException e) {
                throw new ExportException(dir.resolve(name), "cannot read the source image: " + AtomicOutput.reason(e), e);
            }
        }
        return new ExportedClip(dir, doc, sources);
    }

    private static boolean isGif(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'G' && magic[1] == 'I' && magic[2] == 'F' && magic[3] == '8';
        } catch (IOException e) {
            return false;
        }
    }

    /** Tag names lower-cased: Matroska stores them upper-case, MP4 as written. */
    private static Map<String, String> readContainerTags(Path file) throws ExportException {
        FfmpegEncoders.quietLogs();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            Map<String, String> tags = new HashMap<>();
            grabber.getMetadata().forEach((k, v) -> tags.put(k.toLowerCase(Locale.ROOT), v));
            grabber.stop();
            return tags;
        } catch (FrameGrabber.Exception e) {
            throw new ExportException(file, "not a video FFmpeg can open: " + e.getMessage(), e);
        }
    }

    /** Comment extensions of the form key=value, keys lower-cased. */
    static Map<String, String> readGifComments(Path file) throws ExportException {
        Map<String, String> entries = new HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            skip(in, 6);
            byte[] lsd = in.readNBytes(7);
            if (lsd.length < 7) {
                throw new EOFException();
            }
            if ((lsd[4] & 0x80) != 0) {
                skip(in, 3L << ((lsd[4] & 0x07) + 1));
            }
            while (true) {
                int b = in.read();
                if (b == 0x3B || b < 0) {
                    break;
                }
                if (b == 0x21) {
                    int label = read(in);
                    byte[] data = subBlocks(in, label == 0xFE);
                    if (label == 0xFE) {
                        String text = new String(data, StandardCharsets.ISO_8859_1);
                        int eq = text.indexOf(GifSink.KEY_SEPARATOR);
                        if (eq > 0) {
                            entries.put(text.substring(0, eq).toLowerCase(Locale.ROOT), text.substring(eq + 1));
                        }
                    }
                } else if (b == 0x2C) {
                    byte[] desc = in.readNBytes(9);
                    if (desc.length < 9) {
                        throw new EOFException();
                    }
                    if ((desc[8] & 0x80) != 0) {
                        skip(in, 3L << ((desc[8] & 0x07) + 1));
                    }
                    read(in); // LZW minimum code size
                    subBlocks(in, false);
                } else {
                    throw new ExportException(file, "GIF block 0x" + Integer.toHexString(b) + " is not valid");
                }
            }
        } catch (EOFException e) {
            throw new ExportException(file, "GIF ends early (truncated file)");
        } catch (IOException e) {
            throw new ExportException(file, "cannot read: " + AtomicOutput.reason(e), e);
        }
        return entries;
    }

    private static byte[] subBlocks(InputStream in, boolean keep) throws IOException {
        ByteArrayOutputStream out = keep ? new ByteArrayOutputStream() : null;
        while (true) {
            int n = read(in);
            if (n == 0) {
                return out == null ? new byte[0] : out.toByteArray();
            }
            if (keep) {
                byte[] chunk = in.readNBytes(n);
                if (chunk.length < n) {
                    throw new EOFException();
                }
                out.write(chunk);
            } else {
                skip(in, n);
            }
        }
    }

    private static int read(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }
}
