package studio.mobilei2v.studio.export;

import studio.mobilei2v.export.ExportFormat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** The file an export goes to: its name follows the chosen format, and missing folders are made. */
public final class ExportTargets {
    private static final Set<String> FORMAT_EXTENSIONS = Set.of("mp4", "webm", "gif", "mkv", "mov", "avi", "png");

    private ExportTargets() {
    }

    /**
     * The target with the format's extension: "x.mp4" with GIF becomes "x.gif" (a GIF in a file
     * named .mp4 is a trap); a PNG sequence is a folder, "x.mp4" becomes "x-frames".
     */
    public static Path forFormat(Path target, ExportFormat format) {
        Path name = target.getFileName();
        if (name == null) return target;
        String n = name.toString();
        int dot = n.lastIndexOf('.');
        String ext = dot > 0 ? n.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        String base = dot > 0 && FORMAT_EXTENSIONS.contains(ext) ? n.substring(0, dot) : n;
        String fixed;
        if (format == ExportFormat.PNG_SEQUENCE) {
            fixed = ext.isEmpty() || !FORMAT_EXTENSIONS.contains(ext) ? n : base + "-frames";
        } else {
            fixed = ext.equals(format.extension()) ? n : base + "." + format.extension();
        }
        return target.resolveSibling(fixed);
    }

    /** Makes the folders the target needs; fails with a sentence naming the folder that cannot be made. */
    public static void createParents(Path target) throws IOException {
        Path parent = target.toAbsolutePath().normalize().getParent();
        if (parent == null || Files.isDirectory(parent)) return;
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        try {
            Files.createDirectories(parent);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot create the folder " + parent + ": " + existing + " is not writable", e);
        } catch (FileSystemException e) {
            String why = existing != null && !Files.isDirectory(existing) ? existing + " is a file, not a folder"
                    : existing + " is not writable (it does not take new folders)";
            throw new IOException("cannot create the folder " + parent + ": " + why, e);
        }
    }
}
