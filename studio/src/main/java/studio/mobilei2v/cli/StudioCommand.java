package studio.mobilei2v.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code studio}: opens the desktop studio (the same as running the launcher with no arguments). */
@Command(name = "studio", mixinStandardHelpOptions = true,
        description = "Open the studio (GUI), optionally with pictures as clips on the timeline.")
final class StudioCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Pictures to open as clips.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--generate", description = "Generate the first clip right away.")
    boolean generate;

    @Override
    public Integer call() throws BadInputException {
        List<String> args = new ArrayList<>();
        for (Path p : images) {
            if (!java.nio.file.Files.isRegularFile(p)) {
                throw new BadInputException(p + ": no such picture");
            }
            args.add(p.toAbsolutePath().toString());
        }
        if (generate) {
            args.add("--generate");
        }
        return GuiLauncher.launch(args.toArray(String[]::new), spec.commandLine().getErr());
    }
}
