package studio.mobilei2v.studio.targets;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import studio.mobilei2v.bridge.AdbServerAddress;
import studio.mobilei2v.bridge.BridgeException;
import studio.mobilei2v.bridge.DeviceBridge;
import studio.mobilei2v.inference.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which adb server the studio talks to, kept in {@code devices.json}: empty means adb's own rules
 * ({@code ADB_SERVER_SOCKET=tcp:HOST:PORT}, else {@code ANDROID_ADB_SERVER_PORT}, else 5037 on this
 * computer); "HOST:PORT" names another one, e.g. the adb server of a device rack (DeviceFarmer/STF,
 * a lab host), whose devices then appear in the run-target switch. A server on another host is
 * never started from here; when it cannot be reached the switch says so.
 */
public final class AdbServerSetting {
    /** How the value is named in messages. */
    public static final String SOURCE = "the studio's adb server setting";
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final Map<String, String> env;
    private volatile String value;

    /** The file's contents: {"adbServer": "HOST:PORT"} or an empty string. */
    record Stored(String adbServer) {
    }

    private AdbServerSetting(Path file, Map<String, String> env, String value) {
        this.file = file;
        this.env = env;
        this.value = value == null ? "" : value.trim();
    }

    /** Reads {@code file}; a missing or damaged file means "adb's own rules" (nothing is lost but a preference). */
    public static AdbServerSetting load(Path file) {
        return load(file, System.getenv());
    }

    static AdbServerSetting load(Path file, Map<String, String> env) {
        String v = "";
        if (Files.isRegularFile(file)) {
            try {
                Stored s = JSON.readValue(file.toFile(), Stored.class);
                v = s.adbServer();
            } catch (IOException e) {
                v = "";
            }
        }
        return new AdbServerSetting(file, env, v);
    }

    /** "HOST:PORT" as the user typed it, or "" for adb's own rules. */
    public String value() {
        return value;
    }

    /** The server to use now (the setting, else the environment), or the reason it is not valid. */
    public AdbServerAddress address() throws BridgeException {
        return AdbServerAddress.resolve(value, SOURCE, env);
    }

    /** Checks {@code text} ("" allowed), then keeps it in the file. Nothing changes when it is not valid. */
    public AdbServerAddress set(String text) throws BridgeException, IOException {
        String v = text == null ? "" : text.trim();
        AdbServerAddress address = AdbServerAddress.resolve(v, SOURCE, env);
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Stored(v)));
        value = v;
        return address;
    }

    /** Opens the server the setting names at the time of the call, so a changed setting takes effect on reconnect. */
    public DeviceBridge.Opener opener() {
        return () -> DeviceBridge.open(address());
    }

    /** One line for the dialog: which server is used now and where that came from. */
    public String describe() {
        try {
            return address().toString();
        } catch (BridgeException e) {
            return e.getMessage();
        }
    }
}
