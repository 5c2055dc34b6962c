package studio.mobilei2v.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code studio}: opens the desktop studio (the same as running the launcher with no arguments). */
@Command(name = "studio", mixinStandardHelpOptions = true, description = "Open the studio (GUI).")
final class StudioCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle to open (default: the bundled model).")
    String model;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>();
        if (model != null) {
            args.add("--model");
            args.add(model);
        }
        return GuiLauncher.launch(args.toArray(String[]::new), spec.commandLine().getErr());
    }
}
