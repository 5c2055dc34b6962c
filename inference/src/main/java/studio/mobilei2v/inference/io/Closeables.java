package studio.mobilei2v.inference.io;

/** Closing where a failure to close has nothing left to report (a dead socket, a session after a failed check). */
public final class Closeables {
    private Closeables() {
    }

    /** Closes {@code c} (null: nothing) and ignores what closing throws: the original error, if any, is the one worth reporting. */
    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing more to do: the resource is gone either way
        }
    }
}
