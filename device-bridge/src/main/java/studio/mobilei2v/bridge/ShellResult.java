package studio.mobilei2v.bridge;

/** What a device shell command printed (stdout and stderr merged, as a pty does) and its exit status. */
public record ShellResult(int exitCode, String output) {
    public boolean ok() {
        return exitCode == 0;
    }
}
