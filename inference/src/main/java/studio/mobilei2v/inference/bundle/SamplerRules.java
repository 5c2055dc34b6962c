package studio.mobilei2v.inference.bundle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static studio.mobilei2v.inference.bundle.BundleException.inManifest;

/** The rules of manifest "sampler" (docs/BUNDLE.md): the type, the schedules and their sigmas. */
final class SamplerRules {
    private SamplerRules() {
    }

    static SamplerSpec sampler(ManifestJson.Sampler s, Map<GraphRole, GraphSpec> graphs) throws BundleException {
        if (!s.type().equals(SamplerSpec.RECTIFIED_FLOW_EULER)) {
            throw inManifest("sampler.type", "must be '" + SamplerSpec.RECTIFIED_FLOW_EULER + "', not '" + s.type() + "'");
        }
        ManifestReader.positive(s.timestepScale(), "sampler.timestep_scale");
        ManifestReader.positive(s.shift(), "sampler.shift");
        ManifestReader.nonEmpty(s.defaultSchedule(), "sampler.default_schedule");
        if (s.schedules().isEmpty()) {
            throw inManifest("sampler.schedules", "must list at least one schedule");
        }
        List<SigmaSchedule> schedules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < s.schedules().size(); i++) {
            String path = "sampler.schedules[" + i + "]";
            ManifestJson.Schedule sc = s.schedules().get(i);
            ManifestReader.nonEmpty(sc.name(), path + ".name");
            if (!names.add(sc.name())) {
                throw inManifest(path + ".name", "repeats the schedule name '" + sc.name() + "'");
            }
            ManifestReader.positive(sc.steps(), path + ".steps");
            checkSigmas(sc.sigmas(), sc.steps(), path + ".sigmas");
            ManifestReader.definedRole(sc.denoiser(), graphs, path + ".denoiser");
            if (!sc.denoiser().isDenoiser()) {
                throw inManifest(path + ".denoiser", "names graph role '" + sc.denoiser() + "', which is not a denoiser");
            }
            checkGuidance(sc.guidance(), path + ".guidance");
            schedules.add(new SigmaSchedule(sc.name(), sc.kind(), sc.steps(), sc.sigmas(), sc.denoiser(), true,
                    sc.guidance()));
        }
        if (!names.contains(s.defaultSchedule())) {
            throw inManifest("sampler.default_schedule", "names '" + s.defaultSchedule()
                    + "' which is not in sampler.schedules " + names);
        }
        return new SamplerSpec(s.type(), s.timestepScale(), s.shift(), s.defaultSchedule(), schedules);
    }

    /** Optional guidance: only same-call (the unconditional call would get the same inputs) is runnable. */
    private static void checkGuidance(Guidance g, String path) throws BundleException {
        if (g != null && !g.unconditional().equals(Guidance.SAME_CALL)) {
            throw inManifest(path + ".unconditional", "'" + g.unconditional() + "' is not supported: only '"
                    + Guidance.SAME_CALL + "' (the unconditional call gets the same inputs, so one denoiser call per step)");
        }
    }

    /** steps + 1 sigmas, strictly decreasing from (0, 1] to 0. */
    private static void checkSigmas(List<Double> sigmas, int steps, String path) throws BundleException {
        if (sigmas.size() != steps + 1) {
            throw inManifest(path, "must hold steps + 1 = " + (steps + 1) + " values, not " + sigmas.size());
        }
        for (int k = 0; k < sigmas.size(); k++) {
            double v = sigmas.get(k);
            if (k == 0 && (v > 1.0 || v <= 0)) {
                throw inManifest(path + "[0]", "must be in (0, 1], not " + v);
            }
            if (k > 0 && !(v < sigmas.get(k - 1))) {
                throw inManifest(path + "[" + k + "]", "must be below the previous sigma (strictly decreasing)");
            }
        }
        if (sigmas.get(steps) != 0.0) {
            throw inManifest(path + "[" + steps + "]", "must be 0.0 (the last sigma is the clean video)");
        }
    }
}
