package studio.mobilei2v.bridge;

/** There is no usable adb: the message says what was looked at and what to do. */
public class AdbUnavailableException extends BridgeException {
    public AdbUnavailableException(String message) {
        super(message);
    }
}
