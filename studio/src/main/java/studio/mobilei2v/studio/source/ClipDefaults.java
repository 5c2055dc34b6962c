package studio.mobilei2v.studio.source;

import studio.mobilei2v.studio.clip.ClipParameters;
import studio.mobilei2v.studio.engine.BundleFacts;

import java.util.concurrent.ThreadLocalRandom;

/** Parameters a new clip starts with, and how existing parameters are made valid for another bundle. */
public final class ClipDefaults {
    private ClipDefaults() {
    }

    /** A dice roll: seeds stay below 2^31 so they are easy to read and type. */
    public static long randomSeed() {
        return ThreadLocalRandom.current().nextLong(0, Integer.MAX_VALUE);
    }

    public static ClipParameters forBundle(BundleFacts f, long seed) {
        return new ClipParameters(seed, f.defaultSchedule(), f.motionDefault(), f.hasCamera() ? f.cameraDefault() : null, null);
    }

    /** Keeps what the new bundle accepts, replaces what it does not with its defaults. */
    public static ClipParameters adapt(ClipParameters p, BundleFacts f) {
        String schedule = f.schedule(p.schedule()).isPresent() ? p.schedule() : f.defaultSchedule();
        double motion = p.motionScore() >= f.motionMin() && p.motionScore() <= f.motionMax() ? p.motionScore() : f.motionDefault();
        String camera = f.hasCamera() ? (p.camera() != null && f.cameraClasses().contains(p.camera()) ? p.camera() : f.cameraDefault()) : null;
        return new ClipParameters(p.seed(), schedule, motion, camera, f.textInput() ? p.prompt() : null);
    }
}
