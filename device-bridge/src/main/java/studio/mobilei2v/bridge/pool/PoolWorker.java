package studio.mobilei2v.bridge.pool;

import studio.mobilei2v.inference.VideoGenerator;

/**
 * One place jobs can run: a device (its own pushed bundle and loaded runner) or this computer.
 * {@link #open()} is called once, on the worker's own pool thread, so devices prepare in parallel.
 */
public interface PoolWorker {

    /** "local" or the device serial; stable before {@link #open()}. */
    String id();

    /** Prepares the worker (push, start the runner, load the model). Failing here keeps it out of the pool. */
    Opened open() throws Exception;

    /**
     * A prepared worker.
     *
     * @param generator runs the jobs, one at a time; closed by the pool
     * @param facts     what it runs on, copied into each result
     * @param usable    false once the worker cannot run anything more (its device went away, its
     *                  runner died): its job is then given back to the pool
     */
    record Opened(VideoGenerator generator, WorkerFacts facts, java.util.function.BooleanSupplier usable) {
    }
}
