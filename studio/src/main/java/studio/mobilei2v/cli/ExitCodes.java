package studio.mobilei2v.cli;

/** Exit codes of every command (docs/CLI.md). */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something failed while running (ONNX Runtime, encoder, device lost). */
    public static final int FAILED = 1;
    /** Bad input: file, option or output path. Nothing was written. */
    public static final int BAD_INPUT = 2;
    /** Cancelled (Ctrl-C). Nothing was written. */
    public static final int CANCELLED = 130;

    private ExitCodes() {
    }
}
