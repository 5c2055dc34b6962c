package studio.mobilei2v.cli;

import picocli.CommandLine.Option;

/** {@code --adb-server HOST:PORT}, the same for every command that reaches devices (a picocli mixin). */
public final class AdbServerOption {
    @Option(names = "--adb-server", paramLabel = "HOST:PORT", description = "adb server (default: $ADB_SERVER_SOCKET, else port $ANDROID_ADB_SERVER_PORT or 5037 here). Never started on another host.")
    String adbServer;

    /** The option's value, null when not given (the environment's server). */
    public String value() {
        return adbServer;
    }
}
