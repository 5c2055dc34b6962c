package studio.mobilei2v.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks an output path before any work is done, so a typo in --out costs nothing and leaves
 * nothing behind. The real guarantee is still the exporter's temporary name and rename; this
 * only moves the most common failures to the start.
 */
final class OutputPreflight {

    private OutputPreflight() {
    }

    /**
     * @param option    the option name for the message (e.g. --out)
     * @param directory true when the output is a folder (PNG frames)
     */
    static void check(String option, Path out, boolean directory) throws BadInputException {
        Path abs = out.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            throw new BadInputException(option + " " + out + ": has no parent folder");
        }
        if (!Files.exists(parent)) {
            // the studio makes the folders it is given; so does the command line
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                Path existing = parent;
                while (existing != null && !Files.exists(existing)) existing = existing.getParent();
                throw new BadInputException(option + " " + out + ": cannot create the folder " + parent + " ("
                        + (existing != null && !Files.isDirectory(existing) ? existing + " is a file, not a folder"
                        : existing + " is not writable") + ")");
            }
        }
        if (!Files.isDirectory(parent)) {
            throw new BadInputException(option + " " + out + ": " + parent + " is not a folder");
        }
        if (directory && Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new BadInputException(option + " " + out + ": exists and is a file, not a folder for PNG frames");
        }
        if (!directory && Files.isDirectory(abs)) {
            throw new BadInputException(option + " " + out + ": is a folder; give a file name");
        }
        // Permission bits alone do not tell (root ignores them; read-only mounts do not show in
        // them), so try what the exporter will do: create a hidden file beside the target.
        try {
            Path probe = Files.createTempFile(parent, ".mobilei2v-probe-", "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new BadInputException(option + " " + out + ": cannot write in " + parent + " ("
                    + (e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "not writable: it does not take new files"
                    : e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                    : "not writable: " + e.getMessage()) + ")");
        }
    }
}
