package studio.mobilei2v.bridge.runner;

import studio.mobilei2v.bridge.BridgeException;
import studio.mobilei2v.bridge.ContentStore;
import studio.mobilei2v.inference.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the build packed for Android: the runner DEX (always, made with d8) and whether ONNX
 * Runtime's Android build was bundled (only where the build's registry serves
 * {@code com.microsoft.onnxruntime:onnxruntime-android}; ours does not), with its native
 * libraries per ABI. Written by the device-bridge build into {@value #PROPERTIES}.
 *
 * <p>{@link #build()} is what the studio and the command line use. {@link #withNativeLibraries}
 * exists for the tests only: they hand in stand-in library files so that the whole Android
 * launch (push, library folder, {@code app_process} command, {@code localabstract} forward)
 * runs against the fixture phone although this build lacks onnxruntime-android.
 */
public final class AndroidRunnerSupport {
    public static final String PROPERTIES = "studio/mobilei2v/bridge/runner/android-runner.properties";
    public static final String DEX = "studio/mobilei2v/bridge/runner/runner-dex.jar";
    /** Where the build packs the AAR's {@code jni/ABI/*.so}, relative to the class path root. */
    static final String NATIVES = "studio/mobilei2v/bridge/runner/android/";

    /** Where the build's DEX, properties and libraries are read from (the class path). */
    private final ClassLoader resources;
    /** ABI -> file name -> library; null: the build's resources. */
    private final Map<String, Map<String, Path>> suppliedNatives;

    private AndroidRunnerSupport(ClassLoader resources, Map<String, Map<String, Path>> suppliedNatives) {
        this.resources = resources;
        this.suppliedNatives = suppliedNatives;
    }

    /** What this build packed. */
    public static AndroidRunnerSupport build() {
        return fromResources(AndroidRunnerSupport.class.getClassLoader());
    }

    /** What a build packed, read from {@code resources} (the build's own class path, or a test's output folder). */
    static AndroidRunnerSupport fromResources(ClassLoader resources) {
        return new AndroidRunnerSupport(resources, null);
    }

    /**
     * Tests only: the build's DEX with ONNX Runtime native libraries given as files (ABI -> files
     * named as System.loadLibrary expects them), standing in for the onnxruntime-android artifact
     * that our registry does not serve. The studio and the command line never call this.
     */
    public static AndroidRunnerSupport withNativeLibraries(Map<String, List<Path>> byAbi) {
        Map<String, Map<String, Path>> m = new TreeMap<>();
        byAbi.forEach((abi, files) -> {
            Map<String, Path> named = new TreeMap<>();
            files.forEach(f -> named.put(f.getFileName().toString(), f));
            m.put(abi, named);
        });
        return new AndroidRunnerSupport(AndroidRunnerSupport.class.getClassLoader(), m);
    }

    public static Properties buildInfo() {
        return build().info();
    }

    private Properties info() {
        Properties p = new Properties();
        try (InputStream in = resources.getResourceAsStream(PROPERTIES)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // reported as "not built" below
        }
        return p;
    }

    public static boolean hasDex() {
        return build().dexPresent();
    }

    public static boolean hasOnnxRuntimeAndroid() {
        return build().onnxRuntimePresent();
    }

    private boolean dexPresent() {
        return resources.getResource(DEX) != null;
    }

    private boolean onnxRuntimePresent() {
        return Boolean.parseBoolean(info().getProperty("onnxruntime.android.bundled", "false"));
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

    /** Refuses an Android run unless the runner DEX and ONNX Runtime's Android build are at hand. */
    public void requireReady(String serial) throws BridgeException {
        if (!dexPresent()) {
            throw new BridgeException("Android device " + serial + ": this build has no runner DEX ("
                    + DEX + "); build the device-bridge module with Maven (its d8 step makes it)");
        }
        if (suppliedNatives == null && !onnxRuntimePresent()) {
            throw new BridgeException(missingOnnxRuntimeMessage(serial));
        }
    }

    /** The DEX jar as a file in {@code hostCache}, named by its content so an unchanged DEX is reused. */
    public Path dexJar(Path hostCache) throws BridgeException {
        return extract(DEX, hostCache, "runner-dex", ".jar");
    }

    /**
     * ONNX Runtime's native libraries for {@code abi} (Android's primary ABI, e.g. arm64-v8a):
     * file name (libonnxruntime.so, libonnxruntime4j_jni.so) -> file on this computer.
     */
    public Map<String, Path> nativeLibraries(String abi, Path hostCache) throws BridgeException {
        Map<String, Map<String, Path>> all = suppliedNatives != null ? suppliedNatives : buildNatives(hostCache);
        Map<String, Path> libs = all.get(abi);
        if (libs == null || libs.isEmpty()) {
            throw new BridgeException("ONNX Runtime's Android build in this studio has no native libraries for ABI '"
                    + abi + "' (it has " + (all.isEmpty() ? "none" : String.join(", ", all.keySet())) + ")");
        }
        return libs;
    }

    private Map<String, Map<String, Path>> buildNatives(Path hostCache) throws BridgeException {
        Map<String, Map<String, Path>> m = new TreeMap<>();
        String list = info().getProperty("onnxruntime.android.natives", "");
        for (String entry : new TreeSet<>(List.of(list.split(",")))) {
            String[] parts = entry.trim().split("/");
            if (parts.length != 3 || !parts[0].equals("jni") || !parts[2].endsWith(".so")) {
                continue; // empty list, or an entry this version does not understand
            }
            String name = parts[2];
            Path file = extract(NATIVES + entry.trim(), hostCache, parts[1] + "-" + name.substring(0, name.length() - 3), ".so");
            m.computeIfAbsent(parts[1], k -> new TreeMap<>()).put(name, file);
        }
        return m;
    }

    /** Copies a class-path resource to {@code <hostCache>/<stem>-<sha16><suffix>} once. */
    private Path extract(String resource, Path hostCache, String stem, String suffix) throws BridgeException {
        try {
            Files.createDirectories(hostCache);
            Path tmp = Files.createTempFile(hostCache, stem, ".part");
            try {
                try (InputStream in = resources.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new BridgeException("this build lacks " + resource);
                    }
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Path out = hostCache.resolve(stem + "-" + ContentStore.sha256(tmp).substring(0, 16) + suffix);
                if (!Files.exists(out)) {
                    AtomicFiles.move(tmp, out);
                }
                return out;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new BridgeException("could not prepare " + resource + " in " + hostCache + ": " + e.getMessage(), e);
        }
    }
}
