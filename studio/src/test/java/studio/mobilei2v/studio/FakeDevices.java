package studio.mobilei2v.studio;

import studio.mobilei2v.studio.targets.DeviceSource;

import java.util.function.Consumer;

/** A device list the test controls: each {@link #push} is an attach/detach as the bridge would report it. */
final class FakeDevices implements DeviceSource {
    private volatile Consumer<Snapshot> listener;

    @Override
    public void start(Consumer<Snapshot> listener) {
        this.listener = listener;
    }

    /** Delivers a snapshot from a background thread, like the bridge. */
    void push(Snapshot s) throws InterruptedException {
        Thread t = new Thread(() -> listener.accept(s), "fake-device-bridge");
        t.start();
        t.join();
    }

    @Override
    public void close() {
    }
}
