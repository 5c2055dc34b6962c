package studio.mobilei2v.studio.run;

import studio.mobilei2v.bridge.DeviceVideoGenerator;
import studio.mobilei2v.bridge.pool.PoolWorker;
import studio.mobilei2v.bridge.pool.WorkerFacts;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationException;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.GeneratorInfo;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.studio.engine.GeneratorCache;
import studio.mobilei2v.studio.targets.RunTarget;

/**
 * A device-pool worker backed by the studio's {@link GeneratorCache}: the pool uses the same
 * loaded generator (pushed bundle, running runner, open sessions) that single runs on that target
 * use, so a batch after a run starts warm and a run after a batch does too. The pool closes the
 * generators it is given; this one hands it a view whose close() leaves the cached one open.
 */
record CachedPoolWorker(GeneratorCache cache, ModelBundle bundle, RunTarget target) implements PoolWorker {
    @Override
    public String id() {
        return target.isLocal() ? WorkerFacts.LOCAL : target.id();
    }

    @Override
    public Opened open() throws Exception {
        VideoGenerator g = cache.get(bundle, target);
        if (g instanceof DeviceVideoGenerator d) {
            return new Opened(new Borrowed(g), WorkerFacts.device(d.serial(), d.facts()), d::isUsable);
        }
        return new Opened(new Borrowed(g), WorkerFacts.thisComputer(), () -> true);
    }

    /** The cached generator, lent to the pool: everything but close() goes through. */
    private record Borrowed(VideoGenerator generator) implements VideoGenerator {
        @Override
        public GeneratorInfo info() {
            return generator.info();
        }

        @Override
        public RunReport generate(GenerationRequest request, GenerationListener listener, Cancellation cancel)
                throws GenerationException {
            return generator.generate(request, listener, cancel);
        }

        @Override
        public void close() {
            // the cache owns it
        }
    }
}
