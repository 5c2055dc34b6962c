package studio.mobilei2v.studio.timeline;

import studio.mobilei2v.studio.source.ClipLoader;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import studio.mobilei2v.export.ClipDocument;
import studio.mobilei2v.export.ExportedClip;
import studio.mobilei2v.export.ExportedClipReader;
import studio.mobilei2v.export.GenerationParameters;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipFrame;
import studio.mobilei2v.studio.clip.ClipParameters;
import studio.mobilei2v.studio.clip.ClipStatus;
import studio.mobilei2v.studio.clip.Take;
import studio.mobilei2v.studio.engine.BundleFacts;
import studio.mobilei2v.studio.engine.FrameImages;
import studio.mobilei2v.inference.io.AtomicFiles;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place the timeline talks to the exporter's reader: a dropped exported video becomes
 * its clip again - parameters and source image from the embedded metadata, frames decoded from
 * the video itself (so the player shows what was exported).
 */
public final class ExportedClips {
    private ExportedClips() {
    }

    public static boolean hasClipMetadata(Path file) {
        return ExportedClipReader.hasClipMetadata(file);
    }

    /** Restores the first clip of an exported file (a whole-timeline export restores its first clip). */
    public static Clip restore(Path file, Path sourcesDir, BundleFacts facts) throws Exception {
        return restoreAll(file, sourcesDir, facts).get(0);
    }

    /** Restores every clip an exported file holds, in order. */
    public static List<Clip> restoreAll(Path file, Path sourcesDir, BundleFacts facts) throws Exception {
        ExportedClip exported = ExportedClipReader.read(file);
        List<VideoFrame> decoded = decodeFrames(file);
        List<ClipDocument.Clip> docs = exported.document().clips();
        if (docs.isEmpty()) throw new IllegalArgumentException(file.getFileName() + " names no clip in its metadata");
        List<Clip> out = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            ClipDocument.Clip d = docs.get(i);
            GenerationParameters g = d.generation();
            int from = Math.min(d.startFrame(), decoded.size());
            int to = Math.min(d.startFrame() + d.frames(), decoded.size());
            List<VideoFrame> frames = decoded.subList(from, to);
            byte[] source = exported.sourceImages().size() > i ? exported.sourceImages().get(i) : null;
            Path sourceFile;
            if (source != null) {
                String ext = d.source() != null && d.source().mediaType() != null && d.source().mediaType().contains("jpeg") ? ".jpg" : ".png";
                // named by the embedded bytes themselves (a compact copy is not the original the metadata's hash names)
                String kept = studio.mobilei2v.inference.Hex.sha256(source) + ext;
                sourceFile = sourcesDir.resolve(kept);
                if (!Files.exists(sourceFile)) AtomicFiles.write(sourceFile, source);
            } else if (!frames.isEmpty()) {
                // no embedded source: the first frame is the closest thing to it (frame 0 is the conditioning image)
                sourceFile = ClipLoader.saveFrame(frames.get(0), sourcesDir.resolve(java.util.UUID.randomUUID() + "-frame0.png"));
            } else {
                throw new IllegalArgumentException(file.getFileName() + " has neither a source image nor frames to restore");
            }
            String name = g.sourceName() != null && !g.sourceName().isBlank() ? g.sourceName() : file.getFileName().toString();
            ClipLoader.Loaded loaded = ClipLoader.loadPicture(sourceFile, name);
            String schedule = g.schedule() != null ? g.schedule() : facts.defaultSchedule();
            double motion = g.motionScore() != null ? g.motionScore() : facts.motionDefault();
            ClipParameters params = new ClipParameters(g.seed(), schedule, motion, g.camera(), null);
            Clip clip = TimelineController.newClip(loaded, facts, params);
            clip.fpsProperty().set((int) Math.round(d.fps()));
            List<ClipFrame> restored = new ArrayList<>();
            for (int f = 0; f < frames.size(); f++) {
                restored.add(new ClipFrame(f, frames.get(f), FrameImages.toImage(frames.get(f)), 0));
            }
            clip.addTake(new Take(java.util.UUID.randomUUID(), params, clip.crop(), g.model(), restored, null,
                    ClipStatus.RESTORED, g.target()));
            out.add(clip);
        }
        return out;
    }

    /** Decodes every frame of a video file to 8-bit RGB with FFmpeg. */
    public static List<VideoFrame> decodeFrames(Path file) throws Exception {
        List<VideoFrame> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.start();
            Frame f;
            while ((f = grabber.grabImage()) != null) {
                int w = f.imageWidth;
                int h = f.imageHeight;
                int stride = f.imageStride;
                ByteBuffer buf = (ByteBuffer) f.image[0];
                byte[] rgb = new byte[w * h * 3];
                for (int y = 0; y < h; y++) {
                    buf.position(y * stride);
                    buf.get(rgb, y * w * 3, w * 3);
                }
                frames.add(new VideoFrame(w, h, rgb));
            }
            grabber.stop();
        }
        return frames;
    }
}
