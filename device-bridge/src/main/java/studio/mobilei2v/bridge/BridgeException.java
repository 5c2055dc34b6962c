package studio.mobilei2v.bridge;

/** Anything that went wrong between the studio and a device, said so a user can act on it. */
public class BridgeException extends Exception {
    public BridgeException(String message) {
        super(message);
    }

    public BridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
