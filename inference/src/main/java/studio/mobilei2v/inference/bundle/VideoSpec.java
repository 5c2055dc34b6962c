package studio.mobilei2v.inference.bundle;

import java.util.List;

/**
 * manifest "video": what the model makes.
 *
 * @param width  default output width (the picture is fitted to this size)
 * @param height default output height
 * @param sizes  every output size the bundle offers (the default among them); a flow-warp
 *               decoder is resolution-free, so a bundle may offer several, an RGB decoder one
 */
public record VideoSpec(int width, int height, int frames, double fps, List<FrameSize> sizes) {
    public VideoSpec {
        sizes = List.copyOf(sizes);
    }

    /** A video of one size. */
    public VideoSpec(int width, int height, int frames, double fps) {
        this(width, height, frames, fps, List.of(new FrameSize(width, height)));
    }

    public FrameSize size() {
        return new FrameSize(width, height);
    }

    public boolean offers(int w, int h) {
        return sizes.contains(new FrameSize(w, h));
    }
}
