package studio.mobilei2v.inference.bundle;

import studio.mobilei2v.inference.FitMode;

/** manifest "image": how pixels become the encoder's input (and decoder output becomes pixels). */
public record ImageSpec(double rangeMin, double rangeMax, String layout, String channels, FitMode fit) {
}
