package studio.mobilei2v.inference.bundle;

import java.util.List;
import java.util.Set;

import static studio.mobilei2v.inference.bundle.GraphRoles.*;

/**
 * The shapes each graph role must have given the manifest's video and latent sizes, so that a
 * bundle whose parts disagree fails at load time instead of inside ONNX Runtime.
 */
final class GraphContract {
    private static final Set<String> FLOATS = Set.of("float32", "float16");
    private static final Set<String> INTS = Set.of("int64", "int32");

    private final JsonFields f;
    private final FrameSize working;
    private final DecoderSpec decoder;
    private final LatentSpec latent;

    GraphContract(JsonFields f, DecoderSpec decoder, LatentSpec latent) {
        this.f = f;
        this.decoder = decoder;
        this.working = decoder.working();
        this.latent = latent;
    }

    void check(GraphSpec g) throws BundleException {
        String role = g.role();
        long c = latent.channels();
        long h = latent.height();
        long w = latent.width();
        if (role.equals(ENCODER)) {
            only(g, List.of(ENCODER_IMAGE));
            expect(g, true, ENCODER_IMAGE, FLOATS, List.of(1L, 3L, (long) working.height(), (long) working.width()),
                    decoder.warps() ? "[1, 3, decoder.working.height, decoder.working.width]" : "[1, 3, video.height, video.width]");
            oneOutput(g, List.of(1L, c, 1L, h, w), "[1, latent.channels, 1, latent.height, latent.width]");
        } else if (isDenoiser(role)) {
            only(g, List.of(DENOISER_LATENTS, DENOISER_TIMESTEP, DENOISER_MOTION, DENOISER_CAMERA));
            List<Long> latents = List.of(1L, c, (long) latent.frames(), h, w);
            expect(g, true, DENOISER_LATENTS, FLOATS, latents,
                    "[1, latent.channels, latent.frames, latent.height, latent.width]");
            expect(g, true, DENOISER_TIMESTEP, FLOATS, List.of(1L, (long) latent.frames()), "[1, latent.frames]");
            expect(g, false, DENOISER_MOTION, FLOATS, List.of(1L), "[1]");
            expect(g, false, DENOISER_CAMERA, INTS, List.of(1L), "[1]");
            oneOutput(g, latents, "[1, latent.channels, latent.frames, latent.height, latent.width]");
        } else if (role.equals(DECODER) && decoder.warps()) {
            checkFlowWarpDecoder(g);
        } else if (role.equals(DECODER) && decoder.chunks()) {
            only(g, List.of(DECODER_LATENTS));
            long win = decoder.window();
            expect(g, true, DECODER_LATENTS, FLOATS, List.of(1L, c, win, h, w),
                    "[1, latent.channels, decoder.window, latent.height, latent.width]");
            oneOutput(g, List.of(1L, 3L, 1 + latent.temporalRatio() * (win - 1), (long) working.height(), (long) working.width()),
                    "[1, 3, 1 + latent.temporal_ratio * (decoder.window - 1), video.height, video.width]");
        } else if (role.equals(DECODER)) {
            only(g, List.of(DECODER_PREV, DECODER_CUR, DECODER_PHASE));
            List<Long> frame = List.of(1L, c, h, w);
            expect(g, true, DECODER_PREV, FLOATS, frame, "[1, latent.channels, latent.height, latent.width]");
            expect(g, true, DECODER_CUR, FLOATS, frame, "[1, latent.channels, latent.height, latent.width]");
            expect(g, true, DECODER_PHASE, FLOATS, List.of(1L), "[1]");
            if (g.outputs().size() != 1) {
                throw f.error("graphs.decoder.outputs", "must list exactly one output (the RGB frame)");
            }
            TensorSpec out = g.outputs().get(0);
            List<Long> s = out.shape();
            if (s.size() != 4 || s.get(0) != 1 || s.get(1) != 3 || s.get(2) < working.height() || s.get(3) < working.width()
                    || !FLOATS.contains(out.dtype())) {
                throw f.error("graphs.decoder.outputs[0]", "must be a float tensor [1, 3, H, W] with H >= video.height ("
                        + working.height() + ") and W >= video.width (" + working.width() + "), got " + out.dtype() + " " + s);
            }
        }
        // other roles (e.g. a text encoder) have no fixed contract here
    }

    /** (latent_first, latent_prev, latent_cur, phase, picture) -> maps [1, 9, maps.height, maps.width]. */
    private void checkFlowWarpDecoder(GraphSpec g) throws BundleException {
        only(g, List.of(DECODER_FIRST, DECODER_PREV, DECODER_CUR, DECODER_PHASE, DECODER_PICTURE));
        List<Long> frame = List.of(1L, (long) latent.channels(), (long) latent.height(), (long) latent.width());
        String meaning = "[1, latent.channels, latent.height, latent.width]";
        expect(g, true, DECODER_FIRST, FLOATS, frame, meaning);
        expect(g, true, DECODER_PREV, FLOATS, frame, meaning);
        expect(g, true, DECODER_CUR, FLOATS, frame, meaning);
        expect(g, true, DECODER_PHASE, FLOATS, List.of(1L), "[1]");
        expect(g, true, DECODER_PICTURE, FLOATS, List.of(1L, 3L, (long) working.height(), (long) working.width()),
                "[1, 3, decoder.working.height, decoder.working.width]");
        FrameSize maps = decoder.maps();
        oneOutput(g, List.of(1L, (long) DecoderSpec.MAP_CHANNELS, (long) maps.height(), (long) maps.width()),
                "[1, 9, decoder.maps.height, decoder.maps.width] (flow x/y, visibility, gain r/g/b, synthesised r/g/b)");
    }

    private void only(GraphSpec g, List<String> allowed) throws BundleException {
        for (int i = 0; i < g.inputs().size(); i++) {
            String name = g.inputs().get(i).name();
            if (!allowed.contains(name)) {
                throw f.error("graphs." + g.role() + ".inputs[" + i + "].name",
                        "'" + name + "' is not an input the pipeline feeds (allowed: " + allowed + ")");
            }
        }
    }

    private void expect(GraphSpec g, boolean required, String name, Set<String> dtypes, List<Long> shape,
                        String meaning) throws BundleException {
        int i = indexOf(g.inputs(), name);
        if (i < 0) {
            if (required) {
                throw f.error("graphs." + g.role() + ".inputs", "has no input named '" + name + "'");
            }
            return;
        }
        TensorSpec t = g.inputs().get(i);
        String p = "graphs." + g.role() + ".inputs[" + i + "]";
        if (!dtypes.contains(t.dtype())) {
            throw f.error(p + ".dtype", "of '" + name + "' must be one of " + dtypes + ", not '" + t.dtype() + "'");
        }
        if (!t.shape().equals(shape)) {
            throw f.error(p + ".shape", "of '" + name + "' must be " + shape + " = " + meaning + ", not " + t.shape());
        }
    }

    private void oneOutput(GraphSpec g, List<Long> shape, String meaning) throws BundleException {
        if (g.outputs().size() != 1) {
            throw f.error("graphs." + g.role() + ".outputs", "must list exactly one output");
        }
        TensorSpec t = g.outputs().get(0);
        if (!FLOATS.contains(t.dtype())) {
            throw f.error("graphs." + g.role() + ".outputs[0].dtype", "must be float32 or float16, not '" + t.dtype() + "'");
        }
        if (!t.shape().equals(shape)) {
            throw f.error("graphs." + g.role() + ".outputs[0].shape", "must be " + shape + " = " + meaning + ", not " + t.shape());
        }
    }

    private static int indexOf(List<TensorSpec> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
