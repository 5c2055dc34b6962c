package studio.mobilei2v.inference.bundle;

/** manifest "image": how pixels become the encoder's input (and decoder output becomes pixels). */
public record ImageSpec(double rangeMin, double rangeMax, String layout, String channels, String fit) {
}
