package studio.mobilei2v.bridge.pool;

import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A job output for tests: frames per attempt, and which attempts were committed. */
final class PoolRuns implements PoolJob.Output {
    /** Committed frames by job name; a second commit for one job would fail the test. */
    final Map<String, List<VideoFrame>> committed = new ConcurrentHashMap<>();
    final AtomicInteger begun = new AtomicInteger();
    final AtomicInteger discarded = new AtomicInteger();
    private final String job;
    private final AttemptHook hook;

    interface AttemptHook {
        void onStep(WorkerFacts worker, int attempt, int step);
    }

    PoolRuns(String job, AttemptHook hook) {
        this.job = job;
        this.hook = hook;
    }

    @Override
    public PoolJob.Attempt begin(WorkerFacts worker, int attempt) {
        begun.incrementAndGet();
        List<VideoFrame> frames = new ArrayList<>();
        return new PoolJob.Attempt() {
            boolean done;

            @Override
            public void onStep(int step, int stepCount, double ms) {
                if (hook != null) {
                    hook.onStep(worker, attempt, step);
                }
            }

            @Override
            public void onFrame(int index, VideoFrame frame, double ms) {
                assertEquals(frames.size(), index, "frames arrive in order");
                frames.add(frame);
            }

            @Override
            public void commit(RunReport report) {
                if (committed.putIfAbsent(job, List.copyOf(frames)) != null) {
                    throw new AssertionError("a second output for job " + job);
                }
                done = true;
            }

            @Override
            public void close() {
                if (!done) {
                    discarded.incrementAndGet();
                }
            }
        };
    }
}
