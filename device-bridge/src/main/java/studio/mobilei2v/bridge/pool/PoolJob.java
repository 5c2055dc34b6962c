package studio.mobilei2v.bridge.pool;

import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.RunReport;

/**
 * One unit of work for the pool: a request and what to do with its frames. Each try on a worker
 * is an {@link Attempt}; only the attempt whose run finished is committed, so a job retried after
 * its device went away still gives exactly one output.
 *
 * @param name    for messages and results (e.g. the picture's file name)
 * @param request the generation request
 * @param output  opens one attempt per try
 */
public record PoolJob(String name, GenerationRequest request, Output output) {

    /** Where a job's frames go; called on the worker's pool thread. */
    @FunctionalInterface
    public interface Output {
        /**
         * Starts a try on {@code worker} (attempt 1, or 2 after a lost worker).
         * An exception here fails the job without running it.
         */
        Attempt begin(WorkerFacts worker, int attempt) throws Exception;
    }

    /** The frames of one try (streamed to the listener); committed only when the run finished. */
    public interface Attempt extends GenerationListener, AutoCloseable {
        /** The run finished: make the output final (e.g. rename the file into place). */
        void commit(RunReport report) throws Exception;

        /** Discards whatever was not committed; always called, after commit too. */
        @Override
        void close();
    }

    /** For jobs whose frames are not needed (benchmarks). */
    public static final Output DISCARD = (worker, attempt) -> new Attempt() {
        @Override
        public void commit(RunReport report) {
        }

        @Override
        public void close() {
        }
    };
}
