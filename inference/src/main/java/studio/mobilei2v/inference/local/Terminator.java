package studio.mobilei2v.inference.local;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The cancellation watcher of one run: sets the RunOptions terminate flag from whatever thread
 * cancels, and never touches the options after the run has closed them.
 */
final class Terminator implements AutoCloseable {
    private final OrtSession.RunOptions options;
    private boolean closed;

    Terminator() throws OrtException {
        options = new OrtSession.RunOptions();
    }

    OrtSession.RunOptions options() {
        return options;
    }

    synchronized void terminate() {
        if (!closed) {
            try {
                options.setTerminate(true);
            } catch (OrtException ignored) {
                // the run is ending anyway; the cancelled flag is checked between calls too
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        options.close();
    }
}
