package studio.mobilei2v.bridge.runner;

import studio.mobilei2v.bridge.BridgeException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the build packed for Android: the runner DEX (always, made with d8) and whether ONNX
 * Runtime's Android build was bundled (only where the build's registry serves
 * {@code com.microsoft.onnxruntime:onnxruntime-android}; ours does not). Written by the
 * device-bridge pom into {@value #PROPERTIES}.
 */
public final class AndroidRunnerSupport {
    public static final String PROPERTIES = "studio/mobilei2v/bridge/runner/android-runner.properties";
    public static final String DEX = "studio/mobilei2v/bridge/runner/runner-dex.jar";

    private AndroidRunnerSupport() {
    }

    public static Properties buildInfo() {
        Properties p = new Properties();
        try (InputStream in = AndroidRunnerSupport.class.getClassLoader().getResourceAsStream(PROPERTIES)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // reported as "not built" below
        }
        return p;
    }

    public static boolean hasDex() {
        return AndroidRunnerSupport.class.getClassLoader().getResource(DEX) != null;
    }

    public static boolean hasOnnxRuntimeAndroid() {
        return Boolean.parseBoolean(buildInfo().getProperty("onnxruntime.android.bundled", "false"));
    }

    /** The exact words the studio and the CLI show when an Android device is chosen without it. */
    public static String missingOnnxRuntimeMessage(String serial) {
        return "Android device " + serial + ": the device runner needs ONNX Runtime's Android build "
                + "(com.microsoft.onnxruntime:onnxruntime-android, native libraries for arm64-v8a/armeabi-v7a/x86_64), "
                + "and this build does not include it: the package registry it was built from does not serve that artifact. "
                + "To add it, build where a registry has it: "
                + "'mvn -P onnxruntime-android -Donnxruntime.android.version=<version> -pl inference,device-bridge,studio install', "
                + "then restart the studio. Devices with a JVM (Linux boards with adbd) work without it.";
    }

    /** Refuses an Android run unless the build carries everything it needs. */
    public static void requireReady(String serial) throws BridgeException {
        if (!hasDex()) {
            throw new BridgeException("Android device " + serial + ": this build has no runner DEX ("
                    + DEX + "); build the device-bridge module with Maven (its d8 step makes it)");
        }
        if (!hasOnnxRuntimeAndroid()) {
            throw new BridgeException(missingOnnxRuntimeMessage(serial));
        }
    }
}
