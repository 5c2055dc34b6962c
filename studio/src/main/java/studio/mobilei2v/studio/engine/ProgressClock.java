package studio.mobilei2v.studio.engine;

/**
 * Elapsed time and ETA of a run, measured from when execution started (not from when the button
 * was pressed), with the ETA extrapolated from the fraction done. No ETA until 5% is done, since
 * early extrapolation jumps around.
 */
public final class ProgressClock {
    private final long startNanos;

    public ProgressClock(long startNanos) {
        this.startNanos = startNanos;
    }

    public double elapsedSeconds(long nowNanos) {
        return (nowNanos - startNanos) / 1e9;
    }

    /** Seconds left, or NaN when not yet estimable. */
    public double etaSeconds(long nowNanos, double fraction) {
        if (!(fraction >= 0.05) || fraction >= 1) return fraction >= 1 ? 0 : Double.NaN;
        double elapsed = elapsedSeconds(nowNanos);
        return elapsed * (1 - fraction) / fraction;
    }

    /** "1.2 s", "2 min 05 s". */
    public static String format(double seconds) {
        if (Double.isNaN(seconds)) return "–";
        if (seconds < 60) return String.format(java.util.Locale.ROOT, "%.1f s", seconds);
        long s = Math.round(seconds);
        return String.format(java.util.Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
