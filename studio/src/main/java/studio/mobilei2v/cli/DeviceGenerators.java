package studio.mobilei2v.cli;

import studio.mobilei2v.bridge.AdbServerAddress;
import studio.mobilei2v.bridge.BridgeException;
import studio.mobilei2v.bridge.DeviceBridge;
import studio.mobilei2v.bridge.DeviceVideoGenerator;
import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;

/**
 * Opens the device bridge's generator for {@code --device SERIAL}: the runner is pushed and
 * started on the device with the same variant and threads a local run would use, so the command
 * stays target-neutral and the same seed gives the same video.
 */
final class DeviceGenerators {

    private DeviceGenerators() {
    }

    static VideoGenerator open(ModelBundle bundle, LocalOptions options, String serial, String adbServer)
            throws BadInputException, CommandFailedException {
        // Serials reach adb; anything but the characters adb serials use is refused outright.
        if (serial.isBlank() || !serial.matches("[A-Za-z0-9._:-]+")) {
            throw new BadInputException("--device '" + serial + "': not a device serial");
        }
        AdbServerAddress server;
        try {
            server = AdbServerAddress.resolve(adbServer, "--adb-server", System.getenv());
        } catch (BridgeException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        try {
            return DeviceVideoGenerator.open(() -> DeviceBridge.open(server), bundle, options, serial);
        } catch (BridgeException e) {
            // not attached, unauthorized, offline, no adb: all about the --device the user gave (exit 2)
            throw new BadInputException("--device " + serial + ": " + e.getMessage(), e);
        }
    }
}
