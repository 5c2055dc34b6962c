package studio.mobilei2v.bridge.runner;

import studio.mobilei2v.bridge.BridgeException;
import studio.mobilei2v.bridge.ContentStore;
import studio.mobilei2v.inference.Hex;
import studio.mobilei2v.inference.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The jars a device with a JVM needs to run the runner: the inference module (which holds the
 * runner), Jackson, and ONNX Runtime - repacked with only the native library for the device's
 * architecture (the published jar carries five platforms, ~54 MB; one is ~29 MB). Found from
 * where this JVM loaded those classes; a classes folder (a development build) is packed into a
 * jar. Outputs are deterministic (sorted entries, fixed times), so their SHA-256 - the device
 * cache key - changes only when their content does.
 */
public final class RunnerArtifacts {
    public static final String RUNNER_MAIN = "studio.mobilei2v.inference.runner.RunnerMain";
    private static final long FIXED_TIME = 315532800000L; // 1980-01-01, the zip epoch

    private RunnerArtifacts() {
    }

    /** One jar to push, with its hash. */
    public record Jar(Path file, String sha256) {
    }

    /** The ONNX Runtime jar's folder name for a device's {@code uname -m}. */
    public static String onnxPlatform(String machine) throws BridgeException {
        String m = machine == null ? "" : machine.trim();
        return switch (m) {
            case "x86_64", "amd64" -> "linux-x64";
            case "aarch64", "arm64" -> "linux-aarch64";
            default -> throw new BridgeException("ONNX Runtime's Java package has no native library for a Linux device of "
                    + "architecture '" + m + "' (it ships linux-x64 and linux-aarch64)");
        };
    }

    public static List<Jar> jvmClasspath(Path hostCache, String onnxPlatform) throws BridgeException {
        try {
            Files.createDirectories(hostCache);
            List<Jar> out = new ArrayList<>();
            out.add(asJar(location(RUNNER_MAIN), hostCache, "inference"));
            out.add(onnxRuntimeFor(location("ai.onnxruntime.OrtEnvironment"), hostCache, onnxPlatform));
            for (String c : new String[]{"com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.core.JsonFactory",
                    "com.fasterxml.jackson.annotation.JsonProperty"}) {
                out.add(asJar(location(c), hostCache, "lib"));
            }
            return out;
        } catch (IOException e) {
            throw new BridgeException("could not prepare the runner jars in " + hostCache + ": " + e.getMessage(), e);
        }
    }

    static Path location(String className) throws BridgeException {
        try {
            CodeSource cs = Class.forName(className).getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) {
                throw new BridgeException("cannot tell where " + className + " was loaded from");
            }
            return Path.of(cs.getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new BridgeException(className + " is not on the studio's classpath (the runner needs it)");
        } catch (URISyntaxException e) {
            throw new BridgeException("odd location for " + className + ": " + e.getMessage());
        }
    }

    private static Jar asJar(Path location, Path cache, String name) throws IOException {
        if (Files.isRegularFile(location)) {
            return new Jar(location, ContentStore.sha256(location));
        }
        // A classes folder: pack it, named by a hash of its content so unchanged classes reuse the jar.
        List<Path> files;
        try (Stream<Path> s = Files.walk(location)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        MessageDigest md = Hex.digest();
        for (Path f : files) {
            md.update(location.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update(Files.readAllBytes(f));
        }
        Path jar = cache.resolve(name + "-" + Hex.of(md.digest()).substring(0, 16) + ".jar");
        if (!Files.exists(jar)) {
            AtomicFiles.write(jar, out -> {
                try (ZipOutputStream zip = new ZipOutputStream(out)) {
                    for (Path f : files) {
                        ZipEntry e = new ZipEntry(location.relativize(f).toString().replace('\\', '/'));
                        e.setTime(FIXED_TIME);
                        zip.putNextEntry(e);
                        Files.copy(f, zip);
                        zip.closeEntry();
                    }
                }
            });
        }
        return new Jar(jar, ContentStore.sha256(jar));
    }

    private static Jar onnxRuntimeFor(Path ortJar, Path cache, String platform) throws IOException, BridgeException {
        if (!Files.isRegularFile(ortJar)) {
            return asJar(ortJar, cache, "onnxruntime");
        }
        String srcSha = ContentStore.sha256(ortJar);
        Path out = cache.resolve("onnxruntime-" + srcSha.substring(0, 16) + "-" + platform + ".jar");
        if (!Files.exists(out)) {
            String mine = "ai/onnxruntime/native/" + platform + "/";
            try (ZipFile zf = new ZipFile(ortJar.toFile())) {
                List<? extends ZipEntry> entries = java.util.Collections.list(zf.entries());
                entries.sort(java.util.Comparator.comparing(ZipEntry::getName));
                if (entries.stream().noneMatch(e -> e.getName().startsWith(mine) && !e.isDirectory())) {
                    throw new BridgeException(ortJar.getFileName() + " has no native library for " + platform);
                }
                AtomicFiles.write(out, o -> {
                    try (ZipOutputStream zip = new ZipOutputStream(o)) {
                        for (ZipEntry e : entries) {
                            String n = e.getName();
                            if (n.startsWith("ai/onnxruntime/native/") && !n.equals("ai/onnxruntime/native/")
                                    && !n.startsWith(mine)) {
                                continue; // another platform's native library: useless on this device
                            }
                            ZipEntry copy = new ZipEntry(n);
                            copy.setTime(FIXED_TIME);
                            zip.putNextEntry(copy);
                            if (!e.isDirectory()) {
                                try (InputStream in = zf.getInputStream(e)) {
                                    in.transferTo(zip);
                                }
                            }
                            zip.closeEntry();
                        }
                    }
                });
            }
        }
        return new Jar(out, ContentStore.sha256(out));
    }

    /** Default host cache for prepared runner files: ~/.cache/mobilei2v/device-runner. */
    public static Path defaultHostCache() {
        String prop = System.getProperty("mobilei2v.cache");
        Path base = prop != null ? Path.of(prop) : Path.of(System.getProperty("user.home"), ".cache", "mobilei2v");
        return base.resolve("device-runner");
    }
}
