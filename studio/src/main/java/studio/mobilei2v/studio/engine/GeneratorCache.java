package studio.mobilei2v.studio.engine;

import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.studio.targets.RunTarget;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps one generator per bundle + target, because creating ONNX Runtime sessions is the slow
 * part ("init") and the design says sessions are created once and reused. Generators of a bundle
 * that is no longer selected are closed when another bundle is opened, so native memory does not grow.
 */
public final class GeneratorCache implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GeneratorCache.class.getName());

    private final GeneratorFactory factory;
    private final Map<String, VideoGenerator> open = new LinkedHashMap<>();
    /** One lock per key being opened, so two devices open at the same time (a pool's workers). */
    private final Map<String, Object> opening = new java.util.HashMap<>();

    public GeneratorCache(GeneratorFactory factory) {
        this.factory = factory;
    }

    /**
     * Returns the cached generator or opens one (call off the UI thread). Opening (a device's push,
     * runner start and model load: seconds) holds only this key's lock, so a pool's devices open
     * side by side while another target's cached generator stays usable.
     */
    public VideoGenerator get(ModelBundle bundle, RunTarget target) throws Exception {
        String key = key(bundle, target);
        Object keyLock;
        synchronized (this) {
            VideoGenerator g = open.get(key);
            if (g != null) return g;
            keyLock = opening.computeIfAbsent(key, k -> new Object());
        }
        synchronized (keyLock) {
            synchronized (this) {
                VideoGenerator g = open.get(key);
                if (g != null) return g;
                closeOtherBundles(bundle);
            }
            try {
                VideoGenerator g = factory.open(bundle, target);
                synchronized (this) {
                    open.put(key, g);
                }
                return g;
            } finally {
                synchronized (this) {
                    opening.remove(key);
                }
            }
        }
    }

    public synchronized boolean isOpen(ModelBundle bundle, RunTarget target) {
        return open.containsKey(key(bundle, target));
    }

    /** Drops a generator that failed (e.g. a device was unplugged), so the next run opens a fresh one. */
    public synchronized void discard(ModelBundle bundle, RunTarget target) {
        VideoGenerator g = open.remove(key(bundle, target));
        if (g != null) closeQuietly(g);
    }

    /**
     * Forgets every device generator (the adb server changed), so device runs reconnect on their
     * next use, and returns them for the caller to close off the UI thread (closing stops a runner
     * over the link). Quick: nothing is closed here.
     */
    public synchronized java.util.List<VideoGenerator> removeDevices() {
        java.util.List<VideoGenerator> out = new java.util.ArrayList<>();
        for (Iterator<Map.Entry<String, VideoGenerator>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, VideoGenerator> e = it.next();
            if (!e.getKey().endsWith("|" + RunTarget.LOCAL.id())) {
                out.add(e.getValue());
                it.remove();
            }
        }
        return out;
    }

    private void closeOtherBundles(ModelBundle keep) {
        String prefix = keep.dir() + "|";
        for (Iterator<Map.Entry<String, VideoGenerator>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, VideoGenerator> e = it.next();
            if (!e.getKey().startsWith(prefix)) {
                closeQuietly(e.getValue());
                it.remove();
            }
        }
    }

    private static String key(ModelBundle bundle, RunTarget target) {
        return bundle.dir() + "|" + target.id();
    }

    private static void closeQuietly(VideoGenerator g) {
        try {
            g.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing a generator failed", e);
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(GeneratorCache::closeQuietly);
        open.clear();
    }
}
