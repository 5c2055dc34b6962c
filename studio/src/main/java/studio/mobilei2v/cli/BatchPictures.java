package studio.mobilei2v.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import studio.mobilei2v.export.ExportFormat;

/**
 * The pictures of a batch and where each one's video goes: files as given, folders read one level
 * deep (picture extensions only, hidden files skipped, sorted by name), each to
 * {@code DIR/<name without extension>.<ext>} (a folder of that name for PNG frames).
 */
final class BatchPictures {
    static final Set<String> PICTURE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp");

    /** One picture and its output. */
    record Item(Path picture, Path output) {
    }

    private BatchPictures() {
    }

    static List<Item> list(List<Path> inputs, Path outDir, ExportFormat format) throws BadInputException {
        List<Path> pictures = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.list(in)) {
                    List<Path> found = s.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .filter(p -> PICTURE_EXTENSIONS.contains(extension(p)))
                            .sorted().toList();
                    if (found.isEmpty()) {
                        throw new BadInputException(in + ": has no pictures (" + String.join(", ", PICTURE_EXTENSIONS.stream().sorted().toList()) + ")");
                    }
                    pictures.addAll(found);
                } catch (IOException e) {
                    throw new BadInputException(in + ": cannot be read (" + e.getMessage() + ")", e);
                }
            } else if (!Files.exists(in)) {
                throw new BadInputException(in + ": does not exist");
            } else {
                pictures.add(in);
            }
        }
        if (pictures.isEmpty()) {
            throw new BadInputException("no pictures given");
        }
        Map<Path, Path> byOutput = new HashMap<>();
        List<Item> items = new ArrayList<>();
        for (Path p : pictures) {
            Path abs = p.toAbsolutePath().normalize();
            String name = abs.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String stem = dot > 0 ? name.substring(0, dot) : name;
            Path out = outDir.resolve(format == ExportFormat.PNG_SEQUENCE ? stem : stem + "." + format.extension())
                    .toAbsolutePath().normalize();
            Path before = byOutput.putIfAbsent(out, abs);
            if (before != null) {
                if (before.equals(abs)) {
                    continue; // the same picture twice (a file and its folder): once is enough
                }
                throw new BadInputException(before + " and " + abs + ": both would be written to " + out + "; rename one");
            }
            items.add(new Item(abs, out));
        }
        return items;
    }

    static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
