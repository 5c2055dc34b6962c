package studio.mobilei2v.studio.session;

import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.studio.messages.Messages;
import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipFrame;
import studio.mobilei2v.studio.clip.ClipParameters;
import studio.mobilei2v.studio.clip.ClipStatus;
import studio.mobilei2v.studio.clip.Take;
import studio.mobilei2v.studio.engine.BundleFacts;
import studio.mobilei2v.studio.engine.FrameImages;
import studio.mobilei2v.studio.source.ClipDefaults;
import studio.mobilei2v.studio.source.CropMath;
import studio.mobilei2v.studio.task.BackgroundTask;
import studio.mobilei2v.studio.source.ClipLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Brings the last session back at start: pictures from the studio's own copies, takes from their
 * kept frames, in timeline order, with the selection. Files are read on a worker; the timeline is
 * set on the UI thread in one go. A clip whose picture is gone is left out and named in a message.
 */
public final class SessionRestorer {
    private SessionRestorer() {
    }

    private record ReadTake(SessionDocument.TakeEntry entry, List<ClipFrame> frames) {
    }

    private record ReadClip(SessionDocument.ClipEntry entry, ClipLoader.Loaded picture, List<ReadTake> takes) {
    }

    private record Read(List<ReadClip> clips, String selected, List<String> problems, Set<String> takeIds) {
    }

    /** {@code then} gets the take ids the restored session holds (UI thread), also when nothing was restored. */
    public static void restore(StudioState state, StudioServices services, SessionStore store, FrameStore frames,
                               Consumer<Set<String>> then) {
        services.executor().execute(BackgroundTask.of("Restore the last session", ctx -> read(store, frames))
                .onSuccess(r -> {
                    apply(state, r);
                    if (!r.problems().isEmpty()) services.messages().warn(String.join("\n", r.problems()));
                    then.accept(r.takeIds());
                })
                .onFailure(e -> {
                    services.messages().error("The last session could not be restored", e);
                    then.accept(null);
                }));
    }

    private static Read read(SessionStore store, FrameStore frames) {
        SessionStore.Loaded loaded = store.load();
        List<String> problems = new ArrayList<>();
        if (loaded.problem() != null) problems.add(loaded.problem());
        SessionDocument doc = loaded.document();
        List<ReadClip> clips = new ArrayList<>();
        Set<String> takeIds = new HashSet<>();
        if (doc == null) return new Read(clips, null, problems, takeIds);
        for (SessionDocument.ClipEntry e : doc.clips()) {
            ClipLoader.Loaded picture;
            try {
                picture = ClipLoader.loadPicture(Path.of(e.sourceFile()), e.name());
            } catch (Exception ex) {
                problems.add(e.name() + " was left out of the timeline: its picture " + e.sourceFile() + " cannot be read ("
                        + Messages.describe(ex) + ").");
                continue;
            }
            List<ReadTake> takes = new ArrayList<>();
            for (SessionDocument.TakeEntry t : e.takes()) {
                try {
                    List<VideoFrame> pixels = frames.read(t.id(), t.frameCount());
                    List<Double> ms = t.report() == null ? null : t.report().frameMs();
                    List<ClipFrame> out = new ArrayList<>();
                    for (int i = 0; i < pixels.size(); i++) {
                        double decoder = ms != null && i < ms.size() ? ms.get(i) : 0;
                        out.add(new ClipFrame(i, pixels.get(i), FrameImages.toImage(pixels.get(i)), decoder));
                    }
                    takes.add(new ReadTake(t, out));
                    takeIds.add(t.id());
                } catch (Exception ex) {
                    problems.add("A take of " + e.name() + " was left out: " + Messages.describe(ex));
                }
            }
            clips.add(new ReadClip(e, picture, takes));
        }
        return new Read(clips, doc.selected(), problems, takeIds);
    }

    private static void apply(StudioState state, Read r) {
        BundleFacts facts = state.facts.get();
        List<Clip> restored = new ArrayList<>();
        Clip selected = null;
        for (ReadClip rc : r.clips()) {
            SessionDocument.ClipEntry e = rc.entry();
            int w = rc.picture().picture().width();
            int h = rc.picture().picture().height();
            CropRect crop = e.crop() != null && e.crop().fitsIn(w, h) ? e.crop() : null;
            ClipParameters p = e.parameters();
            int frameCount = 0;
            if (facts != null) {
                crop = crop == null ? CropRect.centred(w, h, facts.width(), facts.height()) : CropMath.adapt(crop, w, h, facts.width(), facts.height());
                p = p == null ? ClipDefaults.forBundle(facts, ClipDefaults.randomSeed()) : ClipDefaults.adapt(p, facts);
                frameCount = facts.frames();
            }
            Clip clip = new Clip(parseId(e.id()), rc.picture().picture(), rc.picture().image(), crop, p, frameCount, Math.max(1, e.fps()));
            Take current = null;
            for (ReadTake t : rc.takes()) {
                SessionDocument.TakeEntry te = t.entry();
                RunReport report = te.report();
                Take take = new Take(parseId(te.id()), te.parameters() == null ? p : te.parameters(), te.crop(), te.model(), t.frames(),
                        report, "restored".equals(te.status()) ? ClipStatus.RESTORED : ClipStatus.DONE, te.target());
                clip.addTake(take);
                if (te.id().equals(e.currentTake())) current = take;
            }
            if (current != null) clip.showTake(current);
            restored.add(clip);
            if (e.id().equals(r.selected())) selected = clip;
        }
        if (restored.isEmpty()) return;
        state.clips.addAll(0, restored);
        state.selectedClip.set(selected != null ? selected : restored.get(0));
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (RuntimeException e) {
            return UUID.randomUUID();
        }
    }
}
