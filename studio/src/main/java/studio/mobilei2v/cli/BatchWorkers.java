package studio.mobilei2v.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import studio.mobilei2v.bridge.AdbServerAddress;
import studio.mobilei2v.bridge.BridgeException;
import studio.mobilei2v.bridge.DeviceBridge;
import studio.mobilei2v.bridge.pool.PoolWorker;
import studio.mobilei2v.bridge.pool.PoolWorkers;
import studio.mobilei2v.bridge.runner.DeviceRunOptions;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;

/**
 * The workers named by {@code --device}: {@code local} (this computer), {@code all} (every usable
 * device of the adb server), or a comma-separated list of serials, which may include
 * {@code local}. Devices run with the same variant and threads as a local run would, so the same
 * seed gives the same video wherever it ran.
 */
final class BatchWorkers implements AutoCloseable {
    final List<PoolWorker> workers;
    /** Open only when a device was named; closed after the pool. */
    private final DeviceBridge bridge;

    private BatchWorkers(List<PoolWorker> workers, DeviceBridge bridge) {
        this.workers = workers;
        this.bridge = bridge;
    }

    /** Parses {@code --device} without touching adb (bad input is found before anything runs). */
    static Set<String> parse(String device) throws BadInputException {
        Set<String> names = new LinkedHashSet<>();
        for (String s : device.split(",", -1)) {
            String t = s.trim();
            if (t.isEmpty() || !t.matches("[A-Za-z0-9._:-]+")) {
                throw new BadInputException("--device '" + device + "': '" + t + "' is not a device serial (use all, local or S1,S2,...)");
            }
            names.add(t);
        }
        if (names.contains("all") && names.size() > 1) {
            throw new BadInputException("--device '" + device + "': 'all' stands alone (it means every device)");
        }
        return names;
    }

    static BatchWorkers open(Set<String> names, String adbServer, Map<String, String> env, ModelBundle bundle,
                             LocalOptions local, Consumer<String> progress, List<String> skipped)
            throws BadInputException, CommandFailedException {
        List<PoolWorker> out = new ArrayList<>();
        if (names.contains("local")) {
            out.add(PoolWorkers.local(bundle, local));
        }
        boolean devices = names.stream().anyMatch(n -> !n.equals("local"));
        if (!devices) {
            return new BatchWorkers(out, null);
        }
        AdbServerAddress address;
        try {
            address = AdbServerAddress.resolve(adbServer, "--adb-server", env);
        } catch (BridgeException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        DeviceBridge bridge;
        try {
            bridge = DeviceBridge.open(address);
        } catch (BridgeException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        try {
            DeviceRunOptions options = new DeviceRunOptions(local.variant(), local.intraOpThreads(), local.executionProvider().optionName(),
                    600, null, progress);
            if (names.contains("all")) {
                // a device that attached a moment ago may still be reporting its facts: ask the server now
                out.addAll(PoolWorkers.allDevices(bridge, bundle, options, skipped));
            } else {
                for (String serial : names) {
                    if (!serial.equals("local")) {
                        out.add(PoolWorkers.device(bridge, serial, bundle, options));
                    }
                }
            }
            return new BatchWorkers(out, bridge);
        } catch (BridgeException | RuntimeException e) {
            bridge.close();
            throw new CommandFailedException("--device " + String.join(",", names) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (bridge != null) {
            bridge.close();
        }
    }
}
