package studio.mobilei2v.cli.devices;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import studio.mobilei2v.bridge.AdbServerAddress;
import studio.mobilei2v.bridge.BridgeException;
import studio.mobilei2v.bridge.DeviceBridge;
import studio.mobilei2v.bridge.DeviceInfo;
import studio.mobilei2v.bridge.DeviceListing;
import studio.mobilei2v.bridge.DeviceWorkspace;
import studio.mobilei2v.bridge.runner.AndroidRunnerSupport;
import studio.mobilei2v.cli.AdbServerOption;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code devices [--json]}: the devices the user's adb server sees, with their state and facts.
 * {@code devices --clean SERIAL}: stop the studio's runner there and remove everything the studio
 * put on that device. Exit 0 on success, 1 when adb or the device failed, 2 for bad input.
 */
@Command(name = "devices", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List attached devices (adb), or remove the studio's files from one with --clean.")
public final class DevicesCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the list as JSON (serial, link, state, problem, facts).")
    boolean json;

    @Option(names = "--clean", paramLabel = "SERIAL", description = "Stop the studio's runner on this device and delete its work folder.")
    String clean;

    @Option(names = "--adb-port", paramLabel = "PORT", description = "adb server port (default: $ANDROID_ADB_SERVER_PORT or 5037).")
    Integer adbPort;

    @Mixin
    AdbServerOption adbServer = new AdbServerOption();

    @Option(names = "--wait", paramLabel = "S", defaultValue = "10", description = "Seconds to wait for each device's facts (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (clean != null && (clean.isBlank() || !clean.matches("[A-Za-z0-9._:\\-]+"))) {
            err.println("mobilei2v devices: --clean '" + clean + "': not a device serial");
            err.flush();
            return BAD_INPUT;
        }
        if (adbPort != null && (adbPort <= 0 || adbPort > 65535)) {
            err.println("mobilei2v devices: --adb-port " + adbPort + ": not a TCP port");
            err.flush();
            return BAD_INPUT;
        }
        AdbServerAddress server;
        try {
            server = adbPort != null && adbServer.value() == null ? AdbServerAddress.local(adbPort, "--adb-port " + adbPort)
                    : AdbServerAddress.resolve(adbServer.value(), "--adb-server", System.getenv());
        } catch (BridgeException e) {
            err.println("mobilei2v devices: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        try (DeviceBridge bridge = DeviceBridge.open(server)) {
            if (clean != null) {
                bridge.awaitReady(clean, Math.max(1, waitSeconds), java.util.concurrent.TimeUnit.SECONDS);
                DeviceWorkspace.Cleaned c = DeviceWorkspace.clean(bridge, clean);
                out.println("Removed " + c.folder() + " from " + c.serial()
                        + (c.stoppedRunners().isEmpty() ? "" : " (stopped runner " + String.join(", ", c.stoppedRunners()) + ")"));
                out.flush();
                return OK;
            }
            List<DeviceInfo> devices = DeviceListing.settle(bridge, Math.max(0, waitSeconds));
            out.print(json ? DeviceListing.json(devices) + System.lineSeparator() : DeviceListing.table(devices));
            if (!json && devices.stream().anyMatch(d -> d.facts() != null && d.facts().isAndroid())
                    && !AndroidRunnerSupport.hasOnnxRuntimeAndroid()) {
                out.println("Note: " + AndroidRunnerSupport.missingOnnxRuntimeMessage("(Android)"));
            }
            out.flush();
            return OK;
        } catch (BridgeException e) {
            err.println("mobilei2v devices: " + e.getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " "));
            err.flush();
            return FAILED;
        }
    }
}
