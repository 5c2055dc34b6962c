package studio.mobilei2v.bridge.build;

import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.D8;
import com.android.tools.r8.D8Command;
import com.android.tools.r8.OutputMode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step (run by the device-bridge pom in process-classes, never by the studio): makes the
 * Android runner, a jar holding {@code classes.dex}, with d8 from com.android.tools:r8. Program
 * input: the inference module (which holds the runner) and Jackson; plus, when the
 * {@code onnxruntime-android} Maven profile put an AAR in {@code target/onnxruntime-android/},
 * that AAR's classes (and its jni/ libraries beside the DEX). Writes
 * {@code android-runner.properties} saying what was bundled.
 *
 * <p>Arguments: OUTPUT_RESOURCE_DIR WORK_DIR [AAR_DIR]
 */
public final class RunnerDexBuilder {
    static final String RUNNER_MAIN = "studio.mobilei2v.inference.runner.RunnerMain";
    static final int MIN_API = 26; // java.nio.file arrived in Android 8.0

    private RunnerDexBuilder() {
    }

    public static void main(String[] args) throws Exception {
        Path resources = Path.of(args[0]).resolve("studio/mobilei2v/bridge/runner");
        Path work = Path.of(args[1]);
        Path aarDir = args.length > 2 ? Path.of(args[2]) : null;
        Files.createDirectories(resources);
        Files.createDirectories(work);
        List<Path> program = new ArrayList<>();
        for (String c : new String[]{RUNNER_MAIN, "com.fasterxml.jackson.databind.ObjectMapper",
                "com.fasterxml.jackson.core.JsonFactory", "com.fasterxml.jackson.annotation.JsonProperty"}) {
            program.add(asJar(location(c), work));
        }
        Path aar = findAar(aarDir);
        String ortVersion = "";
        List<String> natives = new ArrayList<>();
        if (aar != null) {
            program.add(extractAar(aar, work, resources.resolve("android"), natives));
            ortVersion = aar.getFileName().toString();
        }
        Path out = work.resolve("runner-dex.jar");
        Files.deleteIfExists(out);
        D8Command command = D8Command.builder()
                .addProgramFiles(program)
                .addLibraryFiles(Path.of(System.getProperty("java.home"))) // the JDK as library, for desugaring
                .setMinApiLevel(MIN_API)
                .setMode(CompilationMode.RELEASE)
                .setOutput(out, OutputMode.DexIndexed)
                .build();
        D8.run(command);
        Files.copy(out, resources.resolve("runner-dex.jar"), StandardCopyOption.REPLACE_EXISTING);
        Properties p = new Properties();
        p.setProperty("dex.minApi", Integer.toString(MIN_API));
        p.setProperty("dex.main", RUNNER_MAIN);
        p.setProperty("onnxruntime.android.bundled", Boolean.toString(aar != null));
        p.setProperty("onnxruntime.android.artifact", ortVersion);
        // jni/ABI/NAME.so entries packed under android/ beside the DEX (resources cannot be listed)
        p.setProperty("onnxruntime.android.natives", String.join(",", natives));
        try (var w = Files.newBufferedWriter(resources.resolve("android-runner.properties"), StandardCharsets.UTF_8)) {
            p.store(w, "written by RunnerDexBuilder (device-bridge build)");
        }
        System.out.println("[RunnerDexBuilder] " + resources.resolve("runner-dex.jar") + " (" + Files.size(out)
                + " bytes; onnxruntime-android " + (aar != null ? "bundled: " + aar.getFileName() : "NOT bundled") + ")");
    }

    private static Path location(String className) throws ClassNotFoundException, URISyntaxException {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Path asJar(Path location, Path work) throws IOException {
        if (Files.isRegularFile(location)) {
            return location;
        }
        Path jar = work.resolve(location.getParent().getParent().getFileName() + "-classes.jar");
        List<Path> files;
        try (Stream<Path> s = Files.walk(location)) {
            files = s.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Path f : files) {
                zip.putNextEntry(new ZipEntry(location.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static Path findAar(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".aar")).findFirst().orElse(null);
        }
    }

    /** An AAR is a zip: classes.jar goes to d8, jni/ABI/*.so is kept beside the DEX for the device. */
    private static Path extractAar(Path aar, Path work, Path nativeOut, List<String> natives) throws IOException {
        Path classes = work.resolve("onnxruntime-android-classes.jar");
        try (ZipFile z = new ZipFile(aar.toFile())) {
            ZipEntry c = z.getEntry("classes.jar");
            if (c == null) {
                throw new IOException(aar + " has no classes.jar");
            }
            try (InputStream in = z.getInputStream(c)) {
                Files.copy(in, classes, StandardCopyOption.REPLACE_EXISTING);
            }
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                if (e.getName().startsWith("jni/") && e.getName().endsWith(".so")) {
                    Path target = nativeOut.resolve(e.getName());
                    Files.createDirectories(target.getParent());
                    try (InputStream in = z.getInputStream(e)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    natives.add(e.getName());
                }
            }
        }
        return classes;
    }
}
