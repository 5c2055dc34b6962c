package studio.mobilei2v.inference.local;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import studio.mobilei2v.inference.bundle.DecoderTile;
import studio.mobilei2v.inference.bundle.LatentSpec;
import studio.mobilei2v.inference.bundle.TensorNames;

/**
 * A window of latent frames decoded by a tiled vae-chunk decoder (docs/BUNDLE.md, decoder.tile):
 * one decoder call per latent tile, row-major, each tile's frames times its blend weights summed
 * into one [3, frames, height, width] buffer at the video size (the tiles' pixels past the video
 * edge dropped). Along each axis a tile's raw weight ramps linearly over the overlap band on the
 * sides that have a neighbour (min(1, u / band), min(1, (size - u) / band)), divided by the sum of
 * the raw weights at each pixel; a pixel's weight is its row weight times its column weight,
 * rounded to float, and the products are summed in float in tile order, as the PyTorch twin
 * (model/mobilei2v/official/tiling.py) does. The buffer is allocated once and reused per window.
 */
final class TiledWindow {
    private final LatentSpec latent;
    private final DecoderTile tile;
    private final int window;
    private final int width;
    private final int height;
    private final int frames;
    private final int[] rowStarts;
    private final int[] colStarts;
    private final double[][] rowWeights;
    private final double[][] colWeights;
    private float[] out;

    TiledWindow(LatentSpec latent, DecoderTile tile, int window, int width, int height) {
        int r = latent.spatialRatio();
        rowStarts = DecoderTile.starts(latent.height(), tile.height(), tile.overlap());
        colStarts = DecoderTile.starts(latent.width(), tile.width(), tile.overlap());
        this.latent = latent;
        this.tile = tile;
        this.window = window;
        this.frames = 1 + latent.temporalRatio() * (window - 1);
        this.width = width;
        this.height = height;
        rowWeights = weights(rowStarts, latent.height(), tile.height(), tile.overlap(), r);
        colWeights = weights(colStarts, latent.width(), tile.width(), tile.overlap(), r);
    }

    /** Per tile along an axis, its pixels' normalised blend weights (they sum to 1 at every pixel). */
    static double[][] weights(int[] starts, int cells, int tileCells, int overlap, int ratio) {
        int size = tileCells * ratio;
        double band = overlap * ratio;
        double[][] raw = new double[starts.length][size];
        double[] total = new double[cells * ratio];
        for (int i = 0; i < starts.length; i++) {
            for (int u = 0; u < size; u++) {
                double w = 1.0;
                if (band > 0 && i > 0) {
                    w = Math.min(w, u / band);
                }
                if (band > 0 && i < starts.length - 1) {
                    w = Math.min(w, (size - u) / band);
                }
                raw[i][u] = w;
            }
        }
        for (int i = 0; i < starts.length; i++) {
            for (int u = 0; u < size; u++) {
                total[starts[i] * ratio + u] += raw[i][u];
            }
        }
        for (int i = 0; i < starts.length; i++) {
            for (int u = 0; u < size; u++) {
                raw[i][u] /= total[starts[i] * ratio + u];
            }
        }
        return raw;
    }

    /** Decoder calls per window. */
    int tiles() {
        return rowStarts.length * colStarts.length;
    }

    /** Frames in the buffer: 1 + temporal_ratio * (window - 1). */
    int frames() {
        return frames;
    }

    /** The blended frames [3, frames, height, width] of the last decoded window. */
    float[] output() {
        return out;
    }

    /**
     * Decodes latent frames start … start+window-1 of x [C,F,h,w] tile by tile into the buffer;
     * {@code onCall} is told before each call (for the caller's count).
     */
    void decode(GraphSession dec, float[] x, int start, OrtSession.RunOptions ro, Runnable onCall) throws OrtException {
        if (out == null) {
            out = new float[3 * frames * height * width];
        } else {
            java.util.Arrays.fill(out, 0f);
        }
        int r = latent.spatialRatio();
        int th = tile.height() * r;
        int tw = tile.width() * r;
        float[] row = new float[tw];
        TensorSlot in = dec.input(TensorNames.DECODER_LATENTS);
        for (int ti = 0; ti < rowStarts.length; ti++) {
            for (int tj = 0; tj < colStarts.length; tj++) {
                putTile(x, start, rowStarts[ti], colStarts[tj], in);
                onCall.run();
                dec.run(ro);
                TensorSlot o = dec.output();
                int y0 = rowStarts[ti] * r;
                int x0 = colStarts[tj] * r;
                int ny = Math.min(th, height - y0);
                int nx = Math.min(tw, width - x0);
                double[] wy = rowWeights[ti];
                double[] wx = colWeights[tj];
                for (int plane = 0; plane < 3 * frames; plane++) {
                    for (int y = 0; y < ny; y++) {
                        o.get((plane * th + y) * tw, row, 0, nx);
                        int at = (plane * height + y0 + y) * width + x0;
                        for (int xx = 0; xx < nx; xx++) {
                            out[at + xx] += row[xx] * (float) (wy[y] * wx[xx]);
                        }
                    }
                }
            }
        }
    }

    /** x[:, start:start+window, i:i+tile.height, j:j+tile.width] into the decoder input [C, window, th, tw]. */
    private void putTile(float[] x, int start, int i, int j, TensorSlot in) {
        int h = latent.height();
        int w = latent.width();
        int th = tile.height();
        int tw = tile.width();
        for (int ch = 0; ch < latent.channels(); ch++) {
            for (int k = 0; k < window; k++) {
                for (int y = 0; y < th; y++) {
                    in.put(((ch * window + k) * th + y) * tw, x, ((ch * latent.frames() + start + k) * h + i + y) * w + j, tw);
                }
            }
        }
    }
}
