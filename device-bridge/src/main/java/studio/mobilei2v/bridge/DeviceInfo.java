package studio.mobilei2v.bridge;

/**
 * One device as the bridge sees it: identity, link, state and the facts it reported. Facts are
 * null when the device has not (yet) reported them or cannot (unauthorized, offline).
 *
 * @param serial        adb serial
 * @param link          USB, TCP/IP or emulator
 * @param state         adb's state, with the ones a user must act on spelled out
 * @param problem       what the user should do when the device is not usable, else null
 * @param facts         hardware and OS facts, or null
 */
public record DeviceInfo(String serial, Link link, State state, String problem, DeviceFacts facts) {

    public enum Link { USB, TCPIP, EMULATOR }

    public enum State {
        ONLINE, OFFLINE, UNAUTHORIZED, AUTHORIZING, RECOVERY, BOOTLOADER, SIDELOAD, DISCONNECTED, UNKNOWN;

        static State of(com.android.ddmlib.IDevice.DeviceState s) {
            if (s == null) {
                return UNKNOWN;
            }
            return switch (s) {
                case ONLINE -> ONLINE;
                case OFFLINE -> OFFLINE;
                case UNAUTHORIZED -> UNAUTHORIZED;
                case AUTHORIZING -> AUTHORIZING;
                case RECOVERY -> RECOVERY;
                case BOOTLOADER, FASTBOOTD -> BOOTLOADER;
                case SIDELOAD -> SIDELOAD;
                case DISCONNECTED -> DISCONNECTED;
            };
        }
    }

    public boolean isUsable() {
        return state == State.ONLINE;
    }

    /** TCP/IP serials are host:port (or an mDNS service name); emulators are emulator-NNNN. */
    public static Link linkOf(String serial) {
        if (serial.startsWith("emulator-")) {
            return Link.EMULATOR;
        }
        if (serial.matches(".+:\\d{1,5}") || serial.contains("._adb-tls-connect.") || serial.contains("._adb._tcp")) {
            return Link.TCPIP;
        }
        return Link.USB;
    }

    static String problemFor(String serial, State state) {
        return switch (state) {
            case ONLINE -> null;
            case UNAUTHORIZED -> "Device " + serial + " is unauthorized: unlock it and accept the 'Allow USB debugging?' prompt "
                    + "(if there is none, revoke USB debugging authorizations in Developer options and reconnect).";
            case AUTHORIZING -> "Device " + serial + " is still authorizing this computer: accept the prompt on the device.";
            case OFFLINE -> "Device " + serial + " is offline: adb sees it but it does not answer. Reconnect the cable "
                    + "(or run 'adb reconnect'), and check that the device has finished booting.";
            case DISCONNECTED -> "Device " + serial + " was disconnected.";
            default -> "Device " + serial + " is in " + state.name().toLowerCase() + " mode, not booted into the system.";
        };
    }
}
