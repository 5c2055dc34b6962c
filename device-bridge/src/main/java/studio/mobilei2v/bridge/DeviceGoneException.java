package studio.mobilei2v.bridge;

/** The device disappeared (cable pulled, adb restarted, device rebooted) while we used it. */
public class DeviceGoneException extends BridgeException {
    public DeviceGoneException(String serial, String why) {
        super("device " + serial + " went away: " + why);
    }
}
