package studio.mobilei2v.inference.bundle;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static studio.mobilei2v.inference.bundle.BundleException.inManifest;

/** The rules of manifest "variants": each variant's graph files are listed in "files" and its schedules exist. */
final class VariantRules {
    private VariantRules() {
    }

    static Map<String, Variant> variants(Map<String, ManifestJson.VariantJson> json, Map<GraphRole, GraphSpec> graphs,
                                         Map<String, FileEntry> files, SamplerSpec sampler) throws BundleException {
        Map<String, Variant> out = new LinkedHashMap<>();
        for (Map.Entry<String, ManifestJson.VariantJson> e : json.entrySet()) {
            String path = "variants." + e.getKey();
            ManifestJson.VariantJson v = e.getValue();
            // free text shown to users ("fp32", "fp16", "fp16-weights", ...)
            ManifestReader.nonEmpty(v.precision(), path + ".precision");
            Map<GraphRole, String> roleFiles = graphFiles(v.graphs(), path + ".graphs", graphs, files);
            if (v.schedules() != null) {
                for (int i = 0; i < v.schedules().size(); i++) {
                    if (sampler.listed(v.schedules().get(i)).isEmpty()) {
                        throw inManifest(path + ".schedules[" + i + "]", "names '" + v.schedules().get(i)
                                + "' which is not in sampler.schedules");
                    }
                }
            }
            out.put(e.getKey(), new Variant(e.getKey(), v.precision(),
                    v.optimisations() == null ? List.of() : v.optimisations(), roleFiles, v.schedules()));
        }
        if (out.isEmpty()) {
            throw inManifest("variants", "must define at least one variant ('desktop' or 'mobile')");
        }
        return out;
    }

    private static Map<GraphRole, String> graphFiles(Map<String, String> json, String path,
                                                     Map<GraphRole, GraphSpec> graphs, Map<String, FileEntry> files)
            throws BundleException {
        Map<GraphRole, String> out = new EnumMap<>(GraphRole.class);
        for (Map.Entry<String, String> g : json.entrySet()) {
            String gp = path + "." + g.getKey();
            GraphRole role = ManifestReader.role(g.getKey(), gp);
            ManifestReader.definedRole(role, graphs, gp);
            String file = g.getValue();
            ManifestReader.checkRelativePath(file, gp);
            if (!files.containsKey(file)) {
                throw inManifest(gp, "names '" + file + "' which is not listed in 'files' (every graph file needs a SHA-256)");
            }
            out.put(role, file);
        }
        for (GraphRole role : GraphRole.REQUIRED) {
            if (!out.containsKey(role)) {
                throw inManifest(path + "." + role, "is missing (every variant needs encoder, denoiser and decoder)");
            }
        }
        return out;
    }
}
