package studio.mobilei2v.studio.toolbar;

import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.studio.engine.BundleCatalog;
import studio.mobilei2v.studio.engine.BundleFacts;
import studio.mobilei2v.studio.messages.Messages;
import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.shared.ToolbarModel;
import studio.mobilei2v.studio.task.BackgroundTask;

import java.nio.file.Path;

/** The model picker: finds the bundled models, opens a folder the user picks, switches between known bundles. */
public final class ModelPicker {
    private final StudioState state;
    private final StudioServices services;
    private final ToolbarModel model;

    ModelPicker(StudioState state, StudioServices services, ToolbarModel model) {
        this.state = state;
        this.services = services;
        this.model = model;
    }

    /** Opens the bundled models in the background; the default (or {@code preferred}) becomes current. */
    public void loadBundledModels(Path preferred) {
        services.executor().execute(BackgroundTask.of("Find models", ctx -> {
            java.util.List<BundleFacts> found = new java.util.ArrayList<>();
            java.util.List<ModelBundle> bundles = new java.util.ArrayList<>();
            StringBuilder problems = new StringBuilder();
            for (Path dir : BundleCatalog.bundledModels()) {
                try {
                    ModelBundle b = ModelBundle.open(dir);
                    bundles.add(b);
                    found.add(BundleCatalog.facts(b));
                } catch (Exception e) {
                    problems.append(dir.getFileName()).append(": ").append(Messages.describe(e)).append('\n');
                }
            }
            if (preferred != null && bundles.stream().noneMatch(b -> b.dir().equals(preferred.toAbsolutePath().normalize()))) {
                try {
                    ModelBundle b = ModelBundle.open(preferred);
                    bundles.add(0, b);
                    found.add(0, BundleCatalog.facts(b));
                } catch (Exception e) {
                    // the remembered folder may have moved; the bundled default is used instead
                }
            }
            return new Object[] {found, bundles, problems.toString()};
        }).onSuccess(r -> {
            @SuppressWarnings("unchecked") java.util.List<BundleFacts> found = (java.util.List<BundleFacts>) r[0];
            @SuppressWarnings("unchecked") java.util.List<ModelBundle> bundles = (java.util.List<ModelBundle>) r[1];
            String problems = (String) r[2];
            if (!problems.isEmpty()) services.messages().warn("Some bundled models could not be opened:\n" + problems.trim());
            state.knownBundles.setAll(found);
            if (bundles.isEmpty()) {
                model.bundleStatus.set("no model found in " + BundleCatalog.modelsFolder() + " - use Open model…");
                return;
            }
            ModelBundle chosen = bundles.get(0);
            if (preferred != null) {
                for (ModelBundle b : bundles) if (b.dir().equals(preferred.toAbsolutePath().normalize())) chosen = b;
            }
            useBundle(chosen);
        }).onFailure(e -> services.messages().error("Looking for models failed", e)));
    }

    /** Opens a bundle folder the user picked; a bad bundle changes nothing and says what is wrong. */
    public void openBundle(Path dir) {
        services.latest().submit("bundle", BackgroundTask.of("Open model", ctx -> ModelBundle.open(dir))
                .onSuccess(this::useBundle)
                .onFailure(e -> services.messages().error("Cannot open the model in " + dir, e)));
    }

    /** Switches to an already known bundle (from the picker). */
    public void selectBundle(BundleFacts facts) {
        if (facts == null || (state.facts.get() != null && state.facts.get().folder().equals(facts.folder()))) return;
        if (state.running.get()) {
            services.messages().warn("Cancel the run in flight before switching models.");
            return;
        }
        openBundle(facts.folder());
    }

    private void useBundle(ModelBundle bundle) {
        BundleFacts facts = BundleCatalog.facts(bundle);
        state.knownBundles.removeIf(f -> f.folder().equals(facts.folder()));
        state.knownBundles.add(0, facts);
        state.bundle.set(bundle);
        state.facts.set(facts);
        model.bundleStatus.set(facts.label());
    }
}
