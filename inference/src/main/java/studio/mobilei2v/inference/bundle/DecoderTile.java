package studio.mobilei2v.inference.bundle;

/**
 * manifest "decoder.tile" of a vae-chunk decoder (docs/BUNDLE.md): the decoder graph takes a tile
 * of {@code height x width} latent cells and is called once per tile of each window; neighbouring
 * tiles share at least {@code overlap} cells, blended linearly (local/TiledWindow).
 */
public record DecoderTile(int height, int width, int overlap) {

    /**
     * Latent starts of the tiles along an axis of {@code cells}: 0, s, 2s, … (s = tile - overlap),
     * the last one clamped to {@code cells - tile} so every tile has the graph's shape; one tile
     * when {@code tile == cells}.
     */
    public static int[] starts(int cells, int tile, int overlap) {
        if (tile >= cells) {
            return new int[]{0};
        }
        int stride = tile - overlap;
        int n = (cells - tile + stride - 1) / stride;    // starts 0, s, … below cells - tile
        int[] out = new int[n + 1];
        for (int i = 0; i < n; i++) {
            out[i] = i * stride;
        }
        out[n] = cells - tile;
        return out;
    }

    /** Decoder calls per window: the tiles of the latent grid. */
    public int tilesPerWindow(LatentSpec latent) {
        return starts(latent.height(), height, overlap).length * starts(latent.width(), width, overlap).length;
    }
}
