package studio.mobilei2v.studio.clip;

import javafx.scene.image.Image;
import studio.mobilei2v.inference.VideoFrame;

/**
 * One generated frame: the raw 8-bit RGB (what export writes) and the JavaFX image made from it
 * off the UI thread (what the player and timeline show).
 */
public record ClipFrame(int index, VideoFrame pixels, Image image, double decoderMs) {
}
