package studio.mobilei2v.inference.runner;

import studio.mobilei2v.inference.ExecutionProvider;

import java.util.Set;

/**
 * What the runner does differently when it runs on a phone (Android's ART, started with
 * {@code app_process}) and the session choices that suit phones.
 *
 * <p>ONNX Runtime's Java loader (1.29.0) sees Android by {@code java.vendor} and then only calls
 * {@code System.loadLibrary("onnxruntime4j_jni")}; {@code libonnxruntime.so} must then be found
 * by the dynamic linker as that library's dependency. The bridge puts both in one folder named
 * by {@code -Djava.library.path} (and {@code LD_LIBRARY_PATH}); loading {@code onnxruntime}
 * first by name makes the dependency resolve to the already-loaded library whatever the linker
 * namespace searches, and turns a missing library into one clear message.
 */
final class PhoneRuntime {
    /** What ART reports as {@code java.vendor}; ONNX Runtime's loader tests the same property. */
    static final String ART_VENDOR = "The Android Project";
    /** {@code --ep auto}: the best execution provider this ONNX Runtime build has. */
    static final String AUTO = "auto";

    private PhoneRuntime() {
    }

    static boolean isArt() {
        return ART_VENDOR.equals(System.getProperty("java.vendor"));
    }

    /** On ART, loads libonnxruntime.so from java.library.path before ONNX Runtime's own loader runs. */
    static void preloadOnnxRuntime() {
        if (!isArt()) {
            return; // a JVM: ONNX Runtime's jar extracts and loads its own native library
        }
        try {
            System.loadLibrary("onnxruntime");
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("ONNX Runtime's Android library (libonnxruntime.so) could not be loaded from "
                    + "java.library.path=" + System.getProperty("java.library.path") + ": " + e.getMessage(), e);
        }
    }

    /**
     * The execution provider to use: auto (null) becomes XNNPACK where the runtime has it
     * (onnxruntime-android does; the desktop jars do not) and CPU otherwise; an explicit choice is kept.
     *
     * @param available the runtime's providers
     */
    static ExecutionProvider executionProvider(ExecutionProvider requested, Set<ExecutionProvider> available) {
        if (requested != null) {
            return requested;
        }
        return available.contains(ExecutionProvider.XNNPACK) ? ExecutionProvider.XNNPACK : ExecutionProvider.CPU;
    }

    /** Threads: the option when given, else one per big core (see {@link BigCores}). */
    static int threads(int requested) {
        return requested > 0 ? requested : BigCores.count();
    }
}
