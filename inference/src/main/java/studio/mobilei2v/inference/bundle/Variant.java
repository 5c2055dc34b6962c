package studio.mobilei2v.inference.bundle;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * manifest "variants.NAME": "desktop" (fp32) or "mobile" (fp16 weights with the mobile
 * optimisations).
 *
 * @param precision       free text from the manifest ("fp32", "fp16", "fp16-weights")
 * @param graphs          graph role -> bundle-relative file
 * @param schedulesOrNull when the manifest restricts the variant to some schedules (e.g. a mobile
 *                        denoiser whose timestep embedding is folded to the distilled timesteps
 *                        only serves those), their names; null means every schedule whose
 *                        denoiser graph the variant has
 */
public record Variant(String name, String precision, List<String> optimisations, Map<GraphRole, String> graphs,
                      List<String> schedulesOrNull) {
    public static final String DESKTOP = "desktop";
    public static final String MOBILE = "mobile";

    public Variant {
        optimisations = List.copyOf(optimisations);
        graphs = Map.copyOf(graphs);
        schedulesOrNull = schedulesOrNull == null ? null : List.copyOf(schedulesOrNull);
    }

    public boolean hasGraph(GraphRole role) {
        return graphs.containsKey(role);
    }

    public Optional<List<String>> schedules() {
        return Optional.ofNullable(schedulesOrNull);
    }

    /** Whether this variant can run a schedule (its denoiser graph exists and it is not excluded). */
    public boolean serves(SigmaSchedule s) {
        return hasGraph(s.denoiser()) && (schedulesOrNull == null || schedulesOrNull.contains(s.name()));
    }
}
