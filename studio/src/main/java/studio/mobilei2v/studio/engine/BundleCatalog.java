package studio.mobilei2v.studio.engine;

import studio.mobilei2v.inference.bundle.ConditioningSpec;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.MotionScoreSpec;
import studio.mobilei2v.inference.bundle.SigmaSchedule;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Finds the bundled models ({@code assets/models/*}) and turns a validated bundle into {@link BundleFacts}. */
public final class BundleCatalog {
    /** The model the studio opens first when the user has not picked another. */
    public static final String DEFAULT_BUNDLE = "mobilei2v-nano";

    private BundleCatalog() {
    }

    public static BundleFacts facts(ModelBundle bundle) {
        List<ScheduleChoice> schedules = new ArrayList<>();
        for (SigmaSchedule s : bundle.sampler().schedules()) {
            schedules.add(new ScheduleChoice(s.name(), s.kind(), s.steps()));
        }
        ConditioningSpec c = bundle.conditioning();
        MotionScoreSpec m = c.motionScore();
        List<String> camera = c.cameraMotion().map(cm -> cm.classes()).orElse(List.of());
        String cameraDefault = c.cameraMotion().map(cm -> cm.defaultClass()).orElse(null);
        return new BundleFacts(bundle.dir(), bundle.name(), bundle.version(),
                bundle.video().width(), bundle.video().height(), bundle.video().frames(), bundle.video().fps(),
                schedules, bundle.sampler().defaultSchedule(), m.min(), m.max(), m.defaultValue(), m.unit(),
                camera, cameraDefault, c.text().isPresent(),
                bundle.manifest().license(), bundle.manifest().provenance());
    }

    /**
     * The {@code assets/models} folder: {@code -Dmobilei2v.models}, else {@code $MOBILEI2V_REPO/assets/models},
     * else the nearest {@code assets/models} above the working directory or above the studio's classes.
     */
    public static Path modelsFolder() {
        String prop = System.getProperty("mobilei2v.models");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        String repo = System.getenv("MOBILEI2V_REPO");
        if (repo != null && !repo.isBlank() && Files.isDirectory(Path.of(repo, "assets", "models"))) {
            return Path.of(repo, "assets", "models");
        }
        Set<Path> starts = new LinkedHashSet<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(BundleCatalog.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // only a hint; the working directory is tried anyway
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                Path candidate = p.resolve("assets").resolve("models");
                if (Files.isDirectory(candidate)) return candidate;
            }
        }
        return Path.of("assets", "models").toAbsolutePath();
    }

    /** Bundle folders (those holding a manifest.json) under {@link #modelsFolder()}, the default first. */
    public static List<Path> bundledModels() {
        Path models = modelsFolder();
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(models)) return found;
        try (Stream<Path> s = Files.list(models)) {
            s.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).sorted().forEach(found::add);
        } catch (IOException e) {
            return found;
        }
        found.sort((a, b) -> Boolean.compare(!a.getFileName().toString().equals(DEFAULT_BUNDLE),
                !b.getFileName().toString().equals(DEFAULT_BUNDLE)));
        return found;
    }
}
