package studio.mobilei2v.bridge.pool;

import studio.mobilei2v.inference.RunReport;

import java.util.List;

/**
 * How a job ended.
 *
 * @param job      the job's name
 * @param status   DONE, FAILED or CANCELLED
 * @param worker   the worker of the last try (null when it never ran)
 * @param report   the device's (or this computer's) run report when DONE
 * @param error    why it failed, naming the worker; null when DONE
 * @param attempts tries made (2 when the first worker went away mid-job)
 * @param tried    worker ids in the order tried
 * @param hostMs   wall time of the successful try as seen by this computer (link included)
 */
public record PoolResult(String job, Status status, WorkerFacts worker, RunReport report, String error,
                         int attempts, List<String> tried, double hostMs) {
    public enum Status { DONE, FAILED, CANCELLED }

    public boolean ok() {
        return status == Status.DONE;
    }
}
