package studio.mobilei2v.inference.bundle;

import java.util.List;

import static studio.mobilei2v.inference.bundle.BundleException.inManifest;
import static studio.mobilei2v.inference.bundle.TensorNames.*;

/**
 * The shapes each graph role must have given the manifest's video and latent sizes, so that a
 * bundle whose parts disagree fails at load time instead of inside ONNX Runtime.
 */
final class GraphContract {
    private static final List<DType> FLOATS = List.of(DType.FLOAT32, DType.FLOAT16);
    private static final List<DType> INTS = List.of(DType.INT64, DType.INT32);

    private final FrameSize working;
    private final DecoderSpec decoder;
    private final LatentSpec latent;

    GraphContract(DecoderSpec decoder, LatentSpec latent) {
        this.decoder = decoder;
        this.working = decoder.working();
        this.latent = latent;
    }

    void check(GraphSpec g) throws BundleException {
        GraphRole role = g.role();
        long c = latent.channels();
        long h = latent.height();
        long w = latent.width();
        if (role == GraphRole.ENCODER) {
            only(g, List.of(ENCODER_IMAGE));
            expect(g, true, ENCODER_IMAGE, FLOATS, List.of(1L, 3L, (long) working.height(), (long) working.width()),
                    decoder.warps() ? "[1, 3, decoder.working.height, decoder.working.width]" : "[1, 3, video.height, video.width]");
            oneOutput(g, List.of(1L, c, 1L, h, w), "[1, latent.channels, 1, latent.height, latent.width]");
        } else if (role.isDenoiser()) {
            only(g, List.of(DENOISER_LATENTS, DENOISER_TIMESTEP, DENOISER_MOTION, DENOISER_CAMERA));
            List<Long> latents = List.of(1L, c, (long) latent.frames(), h, w);
            expect(g, true, DENOISER_LATENTS, FLOATS, latents,
                    "[1, latent.channels, latent.frames, latent.height, latent.width]");
            expect(g, true, DENOISER_TIMESTEP, FLOATS, List.of(1L, (long) latent.frames()), "[1, latent.frames]");
            expect(g, false, DENOISER_MOTION, FLOATS, List.of(1L), "[1]");
            expect(g, false, DENOISER_CAMERA, INTS, List.of(1L), "[1]");
            oneOutput(g, latents, "[1, latent.channels, latent.frames, latent.height, latent.width]");
        } else if (role == GraphRole.DECODER && decoder.warps()) {
            checkFlowWarpDecoder(g);
        } else if (role == GraphRole.DECODER && decoder.chunks()) {
            only(g, List.of(DECODER_LATENTS));
            long win = decoder.window();
            long frames = 1 + latent.temporalRatio() * (win - 1);
            if (decoder.tiled()) {
                long th = decoder.tile().height();
                long tw = decoder.tile().width();
                long r = latent.spatialRatio();
                expect(g, true, DECODER_LATENTS, FLOATS, List.of(1L, c, win, th, tw),
                        "[1, latent.channels, decoder.window, decoder.tile.height, decoder.tile.width]");
                oneOutput(g, List.of(1L, 3L, frames, th * r, tw * r), "[1, 3, 1 + latent.temporal_ratio * (decoder.window - 1), "
                        + "decoder.tile.height * latent.spatial_ratio, decoder.tile.width * latent.spatial_ratio]");
                return;
            }
            expect(g, true, DECODER_LATENTS, FLOATS, List.of(1L, c, win, h, w),
                    "[1, latent.channels, decoder.window, latent.height, latent.width]");
            oneOutput(g, List.of(1L, 3L, frames, (long) working.height(), (long) working.width()),
                    "[1, 3, 1 + latent.temporal_ratio * (decoder.window - 1), video.height, video.width]");
        } else if (role == GraphRole.DECODER) {
            only(g, List.of(DECODER_PREV, DECODER_CUR, DECODER_PHASE));
            List<Long> frame = List.of(1L, c, h, w);
            expect(g, true, DECODER_PREV, FLOATS, frame, "[1, latent.channels, latent.height, latent.width]");
            expect(g, true, DECODER_CUR, FLOATS, frame, "[1, latent.channels, latent.height, latent.width]");
            expect(g, true, DECODER_PHASE, FLOATS, List.of(1L), "[1]");
            if (g.outputs().size() != 1) {
                throw inManifest("graphs.decoder.outputs", "must list exactly one output (the RGB frame)");
            }
            TensorSpec out = g.outputs().get(0);
            List<Long> s = out.shape();
            if (s.size() != 4 || s.get(0) != 1 || s.get(1) != 3 || s.get(2) < working.height() || s.get(3) < working.width()
                    || !out.dtype().isFloat()) {
                throw inManifest("graphs.decoder.outputs[0]", "must be a float tensor [1, 3, H, W] with H >= video.height ("
                        + working.height() + ") and W >= video.width (" + working.width() + "), got " + out.dtype() + " " + s);
            }
        }
        // a text encoder has no fixed contract here
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
                throw inManifest("graphs." + g.role() + ".inputs[" + i + "].name",
                        "'" + name + "' is not an input the pipeline feeds (allowed: " + allowed + ")");
            }
        }
    }

    private void expect(GraphSpec g, boolean required, String name, List<DType> dtypes, List<Long> shape,
                        String meaning) throws BundleException {
        int i = indexOf(g.inputs(), name);
        if (i < 0) {
            if (required) {
                throw inManifest("graphs." + g.role() + ".inputs", "has no input named '" + name + "'");
            }
            return;
        }
        TensorSpec t = g.inputs().get(i);
        String p = "graphs." + g.role() + ".inputs[" + i + "]";
        if (!dtypes.contains(t.dtype())) {
            throw inManifest(p + ".dtype", "of '" + name + "' must be one of " + dtypes + ", not '" + t.dtype() + "'");
        }
        if (!t.shape().equals(shape)) {
            throw inManifest(p + ".shape", "of '" + name + "' must be " + shape + " = " + meaning + ", not " + t.shape());
        }
    }

    private void oneOutput(GraphSpec g, List<Long> shape, String meaning) throws BundleException {
        if (g.outputs().size() != 1) {
            throw inManifest("graphs." + g.role() + ".outputs", "must list exactly one output");
        }
        TensorSpec t = g.outputs().get(0);
        if (!t.dtype().isFloat()) {
            throw inManifest("graphs." + g.role() + ".outputs[0].dtype", "must be float32 or float16, not '" + t.dtype() + "'");
        }
        if (!t.shape().equals(shape)) {
            throw inManifest("graphs." + g.role() + ".outputs[0].shape", "must be " + shape + " = " + meaning + ", not " + t.shape());
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
