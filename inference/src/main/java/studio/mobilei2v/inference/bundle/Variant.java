package studio.mobilei2v.inference.bundle;

import java.util.List;
import java.util.Map;

/**
 * manifest "variants.NAME": "desktop" (fp32) or "mobile" (fp16 with the mobile optimisations).
 *
 * @param graphs graph role -> bundle-relative file
 */
public record Variant(String name, String precision, List<String> optimisations, Map<String, String> graphs) {
    public static final String DESKTOP = "desktop";
    public static final String MOBILE = "mobile";

    public Variant {
        optimisations = List.copyOf(optimisations);
        graphs = Map.copyOf(graphs);
    }

    public boolean hasGraph(String role) {
        return graphs.containsKey(role);
    }
}
