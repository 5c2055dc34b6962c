package studio.mobilei2v.studio.player;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.ListChangeListener;
import javafx.util.Duration;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipFrame;

/**
 * Plays the selected clip at the chosen fps. While a run streams, the player follows the newest
 * frame unless the user is playing or scrubbing.
 */
public final class PlayerController {
    private final StudioState state;
    private final PlayerModel model = new PlayerModel();
    private final PlayerView view;
    private final Timeline timer = new Timeline();
    private final ListChangeListener<ClipFrame> framesChanged = c -> framesChanged();
    private Clip shown;

    public PlayerController(StudioState state) {
        this.state = state;
        this.view = new PlayerView(model, this);
        timer.setCycleCount(Timeline.INDEFINITE);
        restartTimer();
        model.fps.addListener(o -> restartTimer());
        state.selectedClip.addListener((o, a, c) -> show(c));
    }

    public PlayerView view() { return view; }

    public PlayerModel model() { return model; }

    private void show(Clip clip) {
        if (shown != null) shown.frames().removeListener(framesChanged);
        shown = clip;
        pause();
        if (clip != null) {
            clip.frames().addListener(framesChanged);
            model.fps.set(Math.max(1, clip.fpsProperty().get()));
        }
        model.available.set(clip == null ? 0 : clip.frames().size());
        seek(0);
    }

    private void framesChanged() {
        int n = shown == null ? 0 : shown.frames().size();
        model.available.set(n);
        if (n == 0) {
            seek(0);
        } else if (!model.playing.get()) {
            seek(n - 1); // follow the stream: the newest frame is what the user waits for
        }
    }

    public void togglePlay() {
        if (model.playing.get()) pause(); else play();
    }

    public void play() {
        if (model.available.get() < 2) return;
        if (model.index.get() >= model.available.get() - 1) seek(0);
        model.playing.set(true);
        timer.play();
    }

    public void pause() {
        model.playing.set(false);
        timer.stop();
    }

    public void setLoop(boolean loop) { model.loop.set(loop); }

    public void setFps(int fps) { model.fps.set(Math.max(1, Math.min(60, fps))); }

    /** Shows frame {@code i} (clamped to the frames that exist). */
    public void seek(int i) {
        int n = model.available.get();
        int index = n == 0 ? 0 : Math.max(0, Math.min(n - 1, i));
        model.index.set(index);
        model.frame.set(n == 0 ? (shown == null ? null : shown.sourceImageProperty().get()) : shown.frames().get(index).image());
        int expected = shown == null ? 0 : shown.expectedFramesProperty().get();
        model.frameText.set(shown == null ? "no clip" : n == 0 ? "source image (not generated yet)"
                : "frame " + (index + 1) + " / " + Math.max(n, expected));
    }

    private void step() {
        int n = model.available.get();
        if (n == 0) { pause(); return; }
        int next = model.index.get() + 1;
        if (next >= n) {
            if (model.loop.get()) next = 0; else { pause(); return; }
        }
        seek(next);
    }

    private void restartTimer() {
        boolean was = timer.getStatus() == javafx.animation.Animation.Status.RUNNING;
        timer.stop();
        timer.getKeyFrames().setAll(new KeyFrame(Duration.seconds(1.0 / model.fps.get()), e -> step()));
        if (was) timer.play();
    }
}
