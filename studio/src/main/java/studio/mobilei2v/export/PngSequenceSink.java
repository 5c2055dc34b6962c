package studio.mobilei2v.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import studio.mobilei2v.export.image.RgbImages;

/**
 * A folder of 000.png, 001.png, ... (more digits when there are over 1000 frames), with
 * clip.json (the metadata document) and source-0.png (each clip's source image) beside them.
 * The folder is built under a temporary name and renamed when complete.
 */
final class PngSequenceSink extends AbstractFrameSink {

    static final String DOCUMENT_FILE = "clip.json";
    private static final Pattern OWN_FILE = Pattern.compile("\\d{3,}\\.png|clip\\.json|source-\\d+\\.(png|jpg)");

    private final int digits;

    PngSequenceSink(ExportPlan plan, AtomicOutput output) throws ExportException {
        super(plan, output);
        this.digits = Math.max(3, Integer.toString(plan.totalFrames - 1).length());
        Path dir = output.temp();
        try {
            Files.writeString(dir.resolve(DOCUMENT_FILE), ClipDocumentJson.writePretty(plan.document("png")) + "\n",
                    StandardCharsets.UTF_8);
            for (int i = 0; i < plan.clips.size(); i++) {
                byte[] src = plan.clips.get(i).sourceImage();
                if (src != null) {
                    Files.write(dir.resolve(plan.sourceLocation(i)), src);
                }
            }
        } catch (IOException e) {
            throw new ExportException(plan.target, "cannot write: " + AtomicOutput.reason(e), e);
        }
    }

    /** True for the names this sink writes, so re-exporting over an old sequence is allowed. */
    static boolean isOwnFile(String name) {
        return OWN_FILE.matcher(name).matches();
    }

    static String frameName(int index, int digits) {
        return String.format("%0" + digits + "d.png", index);
    }

    @Override
    protected void write(RgbFrame frame, int index) throws ExportException {
        Path file = output.temp().resolve(frameName(index, digits));
        try (OutputStream os = Files.newOutputStream(file)) {
            if (!RgbImages.writePng(frame, os)) {
                throw new ExportException(plan.target, "no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new ExportException(plan.target, "write failed at frame " + index + ": " + AtomicOutput.reason(e), e);
        }
    }

    @Override
    protected String complete() {
        return "png";
    }

    @Override
    protected void release() {
        // nothing open between frames
    }
}
