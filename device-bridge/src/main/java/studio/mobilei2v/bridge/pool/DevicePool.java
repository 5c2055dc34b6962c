package studio.mobilei2v.bridge.pool;

import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationCancelledException;
import studio.mobilei2v.inference.GenerationException;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.Stage;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.VideoGenerator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spreads jobs over workers (devices behind an adb server, and optionally this computer). Each
 * worker has its own thread: it opens (push, runner, model load; all workers in parallel), then
 * takes the next queued job whenever it is free, so faster devices simply do more jobs.
 *
 * <p>A worker that is lost mid-job (its device went away, its runner died: the generator says it
 * is no longer usable) is retired and its job goes back to the front of the queue, to be tried
 * once more on another worker; an attempt is only committed when its run finished, so a job never
 * has two outputs. Other failures (a bad picture, a model error) fail that job and the worker goes
 * on. {@link #cancel()} reaches every running job and every queued one. {@link #close()} closes
 * every worker's generator (stopping the runners).
 */
public final class DevicePool implements AutoCloseable {
    /** One try, and one more on another worker when the first worker was lost. */
    public static final int MAX_ATTEMPTS = 2;

    private final PoolListener listener;
    private final Object lock = new Object();
    private final Deque<Task> queue = new ArrayDeque<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, Cancellation> running = new ConcurrentHashMap<>();
    private final Map<String, WorkerFacts> ready = new ConcurrentHashMap<>();
    private final List<String> problems = new ArrayList<>();
    /** Workers that are opening or ready: when it reaches 0, queued jobs can never run. */
    private int alive;
    private boolean cancelled;
    private boolean closing;

    private static final class Task {
        final PoolJob job;
        final CompletableFuture<PoolResult> result = new CompletableFuture<>();
        final List<String> tried = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        Task(PoolJob job) {
            this.job = job;
        }
    }

    private DevicePool(PoolListener listener) {
        this.listener = listener == null ? PoolListener.NONE : listener;
    }

    /** Starts one thread per worker; each opens its worker and then serves the queue. */
    public static DevicePool start(List<PoolWorker> workers, PoolListener listener) {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("a pool needs at least one worker");
        }
        DevicePool pool = new DevicePool(listener);
        synchronized (pool.lock) {
            pool.alive = workers.size();
        }
        for (PoolWorker w : workers) {
            Thread t = new Thread(() -> pool.serve(w), "mobilei2v-pool-" + w.id());
            t.setDaemon(true);
            pool.threads.add(t);
        }
        pool.threads.forEach(Thread::start);
        return pool;
    }

    /** Queues a job; the future completes with its result (never exceptionally). */
    public CompletableFuture<PoolResult> submit(PoolJob job) {
        Task t = new Task(job);
        synchronized (lock) {
            if (cancelled || closing) {
                t.result.complete(end(t, PoolResult.Status.CANCELLED, null, null, "the batch was cancelled", 0));
                return t.result;
            }
            if (alive == 0) {
                t.result.complete(end(t, PoolResult.Status.FAILED, null, null, noWorkerLeft(), 0));
                return t.result;
            }
            queue.addLast(t);
            lock.notifyAll();
        }
        return t.result;
    }

    /** The workers that are open and serving now, by id. */
    public Map<String, WorkerFacts> readyWorkers() {
        return Map.copyOf(ready);
    }

    /** Cancels every running job and every queued one; later submissions are cancelled at once. */
    public void cancel() {
        List<Task> dropped;
        synchronized (lock) {
            cancelled = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
            lock.notifyAll();
        }
        for (Cancellation c : running.values()) {
            c.cancel();
        }
        for (Task t : dropped) {
            finish(t, end(t, PoolResult.Status.CANCELLED, null, null, "the batch was cancelled", 0));
        }
    }

    private void serve(PoolWorker worker) {
        PoolWorker.Opened opened;
        listener.onWorker(worker.id(), null, "opening");
        try {
            opened = worker.open();
        } catch (Exception e) {
            retire(worker.id(), worker.id() + " could not be prepared: " + message(e));
            listener.onWorker(worker.id(), null, "failed: " + message(e));
            return;
        } catch (LinkageError e) {
            retire(worker.id(), worker.id() + " could not be prepared: " + e);
            listener.onWorker(worker.id(), null, "failed: " + e);
            return;
        }
        WorkerFacts facts = opened.facts();
        ready.put(worker.id(), facts);
        listener.onWorker(worker.id(), facts, "ready");
        try (VideoGenerator generator = opened.generator()) {
            while (true) {
                Task task = next();
                if (task == null) {
                    break;
                }
                if (!runOne(task, generator, opened, facts)) {
                    break; // lost: the job went back to the queue
                }
            }
        } catch (Exception e) {
            // closing a lost device's generator: nothing more to do
        } finally {
            ready.remove(worker.id());
        }
    }

    /** Runs one try; false when the worker was lost (and the job given back or failed). */
    private boolean runOne(Task task, VideoGenerator generator, PoolWorker.Opened opened, WorkerFacts facts) {
        int attempt = task.tried.size() + 1;
        task.tried.add(facts.id());
        Cancellation cancel = new Cancellation();
        running.put(facts.id(), cancel);
        synchronized (lock) {
            if (cancelled) {
                cancel.cancel();
            }
        }
        listener.onJobStarted(task.job.name(), facts, attempt);
        long t0 = System.nanoTime();
        try (PoolJob.Attempt out = task.job.output().begin(facts, attempt)) {
            RunReport report = generator.generate(task.job.request(), new GenerationListener() {
                @Override
                public void onStage(Stage stage, String detail) {
                    out.onStage(stage, detail);
                }

                @Override
                public void onStep(int step, int stepCount, double ms) {
                    out.onStep(step, stepCount, ms);
                }

                @Override
                public void onFrame(int index, VideoFrame frame, double ms) {
                    out.onFrame(index, frame, ms);
                    listener.onJobFrame(task.job.name(), facts, index, ms);
                }
            }, cancel);
            double hostMs = (System.nanoTime() - t0) / 1e6;
            out.commit(report);
            finish(task, end(task, PoolResult.Status.DONE, facts, report, null, hostMs));
            return true;
        } catch (GenerationCancelledException e) {
            finish(task, end(task, PoolResult.Status.CANCELLED, facts, null, "cancelled during " + e.stage(), 0));
            return opened.usable().getAsBoolean();
        } catch (Exception e) {
            String why = facts.id() + ": " + message(e);
            if (opened.usable().getAsBoolean()) {
                finish(task, end(task, PoolResult.Status.FAILED, facts, null, why, 0));
                return true;
            }
            task.errors.add(why);
            giveBack(task, facts.id(), why);
            return false;
        } finally {
            running.remove(facts.id());
        }
    }

    /** A lost worker's job: to the front of the queue for another worker, unless it was its last try. */
    private void giveBack(Task task, String workerId, String why) {
        boolean requeued = false;
        synchronized (lock) {
            alive--;
            problems.add(why);
            if (!cancelled && task.tried.size() < MAX_ATTEMPTS && alive > 0) {
                queue.addFirst(task);
                requeued = true;
            }
            lock.notifyAll();
        }
        listener.onWorker(workerId, null, "lost: " + why + (requeued ? " (its job goes to another worker)" : ""));
        if (!requeued) {
            String reason = cancelled ? "the batch was cancelled" : task.tried.size() >= MAX_ATTEMPTS
                    ? "lost on " + task.tried.size() + " workers: " + String.join("; ", task.errors)
                    : String.join("; ", task.errors) + "; " + noWorkerLeft();
            finish(task, end(task, cancelled ? PoolResult.Status.CANCELLED : PoolResult.Status.FAILED, null, null, reason, 0));
        }
        failQueuedIfNoWorkerLeft();
    }

    private void retire(String workerId, String why) {
        synchronized (lock) {
            alive--;
            problems.add(why);
            lock.notifyAll();
        }
        failQueuedIfNoWorkerLeft();
    }

    private void failQueuedIfNoWorkerLeft() {
        List<Task> dropped;
        synchronized (lock) {
            if (alive > 0) {
                return;
            }
            dropped = new ArrayList<>(queue);
            queue.clear();
        }
        for (Task t : dropped) {
            finish(t, end(t, PoolResult.Status.FAILED, null, null,
                    (t.errors.isEmpty() ? "" : String.join("; ", t.errors) + "; ") + noWorkerLeft(), 0));
        }
    }

    private String noWorkerLeft() {
        synchronized (lock) {
            return "no worker is left in the pool" + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")");
        }
    }

    /** The next job for a free worker, or null when the pool closes. */
    private Task next() {
        synchronized (lock) {
            while (queue.isEmpty() && !closing) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return queue.pollFirst();
        }
    }

    private PoolResult end(Task t, PoolResult.Status status, WorkerFacts worker, RunReport report, String error, double hostMs) {
        return new PoolResult(t.job.name(), status, worker, report, error, t.tried.size(), List.copyOf(t.tried), hostMs);
    }

    private void finish(Task t, PoolResult r) {
        if (t.result.complete(r)) {
            listener.onJobEnded(r);
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /**
     * Lets the workers finish the queued jobs, then stops them and closes their generators
     * (devices' runners are shut down). Call {@link #cancel()} first to stop at once.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
            }
        }
    }
}
