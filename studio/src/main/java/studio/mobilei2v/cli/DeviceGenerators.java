package studio.mobilei2v.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;

/**
 * Opens the device bridge's generator for {@code --device SERIAL}. The bridge is a separate
 * module written alongside this one; until it offers a generator, the command says so plainly
 * instead of silently running locally.
 */
final class DeviceGenerators {

    private DeviceGenerators() {
    }

    static VideoGenerator open(ModelBundle bundle, LocalOptions options, String serial)
            throws BadInputException, CommandFailedException {
        if (serial.isBlank() || !serial.matches("[A-Za-z0-9._:-]+")) {
            throw new BadInputException("--device '" + serial + "': not a device serial");
        }
        Class<?> type;
        try {
            type = Class.forName(GeneratorTargets.DEVICE_GENERATOR_CLASS);
        } catch (ClassNotFoundException e) {
            throw new CommandFailedException("--device " + serial + ": running on a device is not available in this"
                    + " build (the device bridge has no remote generator); run without --device to use this computer");
        }
        try {
            Method open = type.getMethod("open", ModelBundle.class, LocalOptions.class, String.class);
            return (VideoGenerator) open.invoke(null, bundle, options, serial);
        } catch (NoSuchMethodException e) {
            throw new CommandFailedException("--device " + serial + ": the device bridge's generator has no"
                    + " open(ModelBundle, LocalOptions, String)");
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new CommandFailedException("--device " + serial + ": " + cause.getMessage(), cause);
        } catch (IllegalAccessException e) {
            throw new CommandFailedException("--device " + serial + ": " + e.getMessage(), e);
        }
    }
}
