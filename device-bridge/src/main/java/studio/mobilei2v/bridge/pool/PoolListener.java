package studio.mobilei2v.bridge.pool;

/** What a pool tells its user, on pool threads (keep it quick and thread-safe). */
public interface PoolListener {
    PoolListener NONE = new PoolListener() {
    };

    /** A worker opened (ready to take jobs), failed to open, or was retired after it was lost. */
    default void onWorker(String workerId, WorkerFacts facts, String state) {
    }

    /** A job started on a worker (attempt 2 = given back by a lost worker). */
    default void onJobStarted(String job, WorkerFacts worker, int attempt) {
    }

    /** A frame of a running job. */
    default void onJobFrame(String job, WorkerFacts worker, int index, double ms) {
    }

    /** A job ended (done, failed or cancelled). */
    default void onJobEnded(PoolResult result) {
    }
}
