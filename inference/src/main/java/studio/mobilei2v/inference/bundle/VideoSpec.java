package studio.mobilei2v.inference.bundle;

/** manifest "video": what the model makes. */
public record VideoSpec(int width, int height, int frames, double fps) {
}
