package studio.mobilei2v.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import studio.mobilei2v.cli.devices.DevicesCommand;

/**
 * The one entry point of the launcher {@code ./mobilei2v}: with no arguments it opens the studio,
 * otherwise it runs a subcommand. A plain class on purpose (not a JavaFX Application), so JavaFX
 * can sit on the class path.
 *
 * <p>Exit codes: 0 done, 1 failed while running, 2 bad input (one line on stderr naming the file
 * or option; no output left behind), 130 cancelled.
 */
@Command(name = "mobilei2v", mixinStandardHelpOptions = true, versionProvider = MobileI2VCommand.Version.class,
        description = "MobileI2V Studio: fast image-to-video. Without a command, opens the studio.",
        subcommands = {GenerateCommand.class, BatchCommand.class, InfoCommand.class, StudioCommand.class, BenchCommand.class,
                DevicesCommand.class, CommandLine.HelpCommand.class})
public final class MobileI2VCommand implements Callable<Integer> {

    @Parameters(hidden = true, arity = "0")
    String[] none;

    @Override
    public Integer call() {
        return GuiLauncher.launch(new String[0], new PrintWriter(System.err, true));
    }

    public static void main(String[] args) {
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        // The studio keeps its own JavaFX threads alive; everything else ends here.
        if (code != GuiLauncher.STILL_RUNNING) {
            System.exit(code);
        }
    }

    /** Runs the command line with the given writers (tests capture them); returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return commandLine(out, err).execute(args);
        } catch (LinkageError | RuntimeException e) {
            // picocli hands Errors (a broken class path, say) straight through: still one line.
            err.println("mobilei2v: internal error: " + oneLine(e.toString()));
            if (java.util.Arrays.asList(args).contains("--verbose") || java.util.Arrays.asList(args).contains("-v")) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.FAILED;
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new MobileI2VCommand());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String name = qualifiedName(c);
            String prefix = name.isEmpty() ? "mobilei2v" : "mobilei2v " + name;
            c.getErr().println(prefix + ": " + oneLine(OptionMessages.describe(ex)) + " (see: " + prefix + " --help)");
            c.getErr().flush();
            return ExitCodes.BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler(MobileI2VCommand::handle);
        return cmd;
    }

    private static String qualifiedName(CommandLine c) {
        String q = c.getCommandSpec().qualifiedName(" ");
        return q.startsWith("mobilei2v") ? q.substring("mobilei2v".length()).trim() : q;
    }

    private static int handle(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        int code;
        String message;
        if (ex instanceof BadInputException) {
            code = ExitCodes.BAD_INPUT;
            message = ex.getMessage();
        } else if (ex instanceof CommandFailedException) {
            code = ExitCodes.FAILED;
            message = ex.getMessage();
        } else {
            code = ExitCodes.FAILED;
            message = "unexpected " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                    + (verbose(parsed) ? "" : " (run with --verbose for details)");
        }
        java.nio.file.NoSuchFileException missing = OptionMessages.missingFile(ex);
        if (missing != null && (message == null || !message.contains("no such file"))) {
            message = "no such file: " + missing.getFile();
        }
        err.println("mobilei2v: " + oneLine(message));
        if (verbose(parsed)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Error messages are one line on stderr, whatever a library put in them. */
    static String oneLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"MobileI2V Studio " + studio.mobilei2v.BuildInfo.version(),
                    "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch")};
        }
    }
}
