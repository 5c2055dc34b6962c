package studio.mobilei2v.inference.local;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import studio.mobilei2v.inference.bundle.BundleException;
import studio.mobilei2v.inference.bundle.DecoderSpec;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.TensorNames;
import studio.mobilei2v.inference.bundle.ImageSpec;
import studio.mobilei2v.inference.bundle.LatentSpec;
import studio.mobilei2v.inference.warp.FlowWarp;

/**
 * Latents -> one output frame, streaming (docs/BUNDLE.md step 4), for the three decoder kinds:
 * an RGB decoder returns the frame; a flow-warp decoder returns maps from which the picture
 * itself is warped at the output size ({@link FlowWarp}), and its frame 0 is the picture; a
 * vae-chunk decoder returns all frames of a window of latent frames, so it is called once per
 * distinct window start and the frames are read out of its pinned output one by one (no copy of
 * the whole window; a tiled one, decoder.tile, calls the graph per tile and blends the tiles into one
 * buffer of the window's frames, {@link TiledWindow}). Keeps the decoder-graph and warp milliseconds apart, so the report shows the
 * warp as its own stage. Frames must be asked for in order (a vae-chunk window is decoded once).
 */
final class FrameDecoding {
    private final GraphSessionPool sessions;
    private final LatentSpec latent;
    private final DecoderSpec decoder;
    private final ImageSpec imageSpec;
    private final float[] x;
    private final byte[] picture;
    private final int width;
    private final int height;
    private final float[] workingPicture;
    private double decoderMs;
    private double warpMs;
    private int calls;
    /** vae-chunk: the start of the window the decoder's output holds; -1 before the first call. */
    private int windowStart = -1;
    /** vae-chunk with decoder.tile: the blended window; null for whole-frame decoders. */
    private final TiledWindow tiles;

    /**
     * @param x              final latents [C, F, h, w]
     * @param picture        the picture at the output size (RGB bytes)
     * @param workingPicture the picture tensor at the working size, as the encoder got it
     */
    FrameDecoding(GraphSessionPool sessions, LatentSpec latent, DecoderSpec decoder, ImageSpec imageSpec, float[] x,
                  byte[] picture, int width, int height, float[] workingPicture) {
        this.sessions = sessions;
        this.latent = latent;
        this.decoder = decoder;
        this.imageSpec = imageSpec;
        this.x = x;
        this.picture = picture;
        this.width = width;
        this.height = height;
        this.workingPicture = workingPicture;
        this.tiles = decoder.tiled() ? new TiledWindow(latent, decoder.tile(), decoder.window(), width, height) : null;
    }

    /** Packed RGB of output frame f at the output size. */
    byte[] frame(int f, OrtSession.RunOptions ro) throws BundleException, OrtException {
        if (decoder.warps() && f == 0) {
            return picture.clone(); // the paper's frame-0 replacement, in pixels: exactly the input
        }
        long t = System.nanoTime();
        GraphSession dec = sessions.session(GraphRole.DECODER);
        if (decoder.chunks()) {
            byte[] rgb = chunkFrame(dec, f, ro);
            decoderMs += (System.nanoTime() - t) / 1e6;
            return rgb;
        }
        calls++;
        float[] in = LatentLayout.decoderInputs(f, latent.temporalRatio());
        LatentLayout.putLatentFrame(x, (int) in[0], latent, dec.input(TensorNames.DECODER_PREV));
        LatentLayout.putLatentFrame(x, (int) in[1], latent, dec.input(TensorNames.DECODER_CUR));
        dec.input(TensorNames.DECODER_PHASE).putScalar(in[2]);
        if (!decoder.warps()) {
            dec.run(ro);
            byte[] rgb = toRgb(dec.output(), 0, width, height, imageSpec);
            decoderMs += (System.nanoTime() - t) / 1e6;
            return rgb;
        }
        LatentLayout.putLatentFrame(x, 0, latent, dec.input(TensorNames.DECODER_FIRST));
        if (f == 1) {
            dec.input(TensorNames.DECODER_PICTURE).put(workingPicture); // the same for every frame
        }
        dec.run(ro);
        float[] maps = new float[dec.output().count()];
        dec.output().get(0, maps, 0, maps.length);
        long tw = System.nanoTime();
        decoderMs += (tw - t) / 1e6;
        byte[] rgb = FlowWarp.compose(picture, width, height, maps, decoder.maps().width(), decoder.maps().height());
        warpMs += (System.nanoTime() - tw) / 1e6;
        return rgb;
    }

    /** vae-chunk: frame f from its window's decoded frames, decoding the window first when it changes. */
    private byte[] chunkFrame(GraphSession dec, int f, OrtSession.RunOptions ro) throws OrtException {
        int ratio = latent.temporalRatio();
        int start = LatentLayout.windowStart(LatentLayout.latentFrameOf(f, ratio), latent.frames(), decoder.window());
        if (start != windowStart) {
            windowStart = -1; // a failed or cancelled call leaves no valid window behind
            if (tiles != null) {
                tiles.decode(dec, x, start, ro, () -> calls++);
            } else {
                LatentLayout.putLatentWindow(x, start, decoder.window(), latent, dec.input(TensorNames.DECODER_LATENTS));
                calls++;
                dec.run(ro);
            }
            windowStart = start;
        }
        int j = LatentLayout.windowFrame(f, start, ratio);
        if (tiles != null) {
            return toRgb(tiles.output(), tiles.frames(), j, width, height, imageSpec);
        }
        return toRgb(dec.output(), j, width, height, imageSpec);
    }

    /** Decoder graph calls so far. */
    int decoderCalls() {
        return calls;
    }

    /** Decoder graph milliseconds so far (all frames). */
    double decoderMs() {
        return decoderMs;
    }

    /** Warp milliseconds so far (all frames; 0 for an RGB decoder). */
    double warpMs() {
        return warpMs;
    }

    /**
     * Frame {@code frame} of an RGB decoder output [1,3,H',W'] or [1,3,F,H',W'] (top-left H x W
     * used) to packed RGB bytes.
     */
    static byte[] toRgb(TensorSlot out, int frame, int w, int h, ImageSpec spec) {
        long[] shape = out.spec.shapeArray();
        int rank = shape.length;
        int frames = rank == 5 ? (int) shape[2] : 1;
        int oh = (int) shape[rank - 2];
        int ow = (int) shape[rank - 1];
        byte[] rgb = new byte[w * h * 3];
        float[] row = new float[w];
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < h; y++) {
                out.get(((ch * frames + frame) * oh + y) * ow, row, 0, w);
                quantizeRow(row, 0, rgb, y * w * 3 + ch, w, spec);
            }
        }
        return rgb;
    }

    /** Frame {@code frame} of blended frames [3, frames, h, w] (a {@link TiledWindow}'s buffer) to packed RGB bytes. */
    static byte[] toRgb(float[] blended, int frames, int frame, int w, int h, ImageSpec spec) {
        byte[] rgb = new byte[w * h * 3];
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < h; y++) {
                quantizeRow(blended, ((ch * frames + frame) * h + y) * w, rgb, y * w * 3 + ch, w, spec);
            }
        }
        return rgb;
    }

    /** n values from {@code src[from…]} to 8 bits at {@code rgb[to]}, {@code rgb[to + 3]}, … */
    private static void quantizeRow(float[] src, int from, byte[] rgb, int to, int n, ImageSpec spec) {
        float min = (float) spec.rangeMin();
        float scale = (float) (255.0 / (spec.rangeMax() - spec.rangeMin()));
        for (int x = 0; x < n; x++) {
            // (y+1)*127.5 for range [-1,1]; rint rounds half to even like torch.round
            float q = (src[from + x] - min) * scale;
            q = q < 0f ? 0f : Math.min(q, 255f);
            rgb[to + 3 * x] = (byte) (int) Math.rint(q);
        }
    }
}
