package studio.mobilei2v.export;

/**
 * Where exported frames go, one at a time, as the pipeline produces them: nothing needs the whole
 * clip in memory, and encoding starts while the decoder is still running.
 *
 * <p>Use in try-with-resources. {@link #finish()} completes the file and moves it to its final
 * name; {@link #close()} without a successful finish (cancel, error, exception in the caller)
 * deletes everything written so far, so no partial file is ever left at the target.
 */
public interface FrameSink extends AutoCloseable {

    /** Encodes (or queues) one frame. Frames must arrive in display order. */
    void accept(RgbFrame frame) throws ExportException;

    /** Flushes the encoder, completes the file and renames it into place. */
    ExportResult finish() throws ExportException;

    /** Aborts unless finished: stops the encoder and deletes the temporary output. Never throws. */
    @Override
    void close();
}
