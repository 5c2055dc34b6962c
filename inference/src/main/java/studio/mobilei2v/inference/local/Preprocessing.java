package studio.mobilei2v.inference.local;

import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.bundle.FrameSize;
import studio.mobilei2v.inference.bundle.ImageSpec;
import studio.mobilei2v.inference.warp.AreaDownscale;

/** The picture at the output size -> the encoder's input tensor. */
final class Preprocessing {
    private Preprocessing() {
    }

    /**
     * The encoder's input [1,3,h,w] at the working size (area-averaged when the picture is larger),
     * values mapped to the manifest's range.
     */
    static float[] encoderInput(ModelImage img, FrameSize work, ImageSpec spec) {
        float[] planes = img.width() == work.width() && img.height() == work.height()
                ? bytePlanes(img.rgb(), img.width() * img.height())
                : AreaDownscale.planes(img.rgb(), img.width(), img.height(), work.width(), work.height());
        float scale = (float) ((spec.rangeMax() - spec.rangeMin()) / 255.0);
        float min = (float) spec.rangeMin();
        for (int i = 0; i < planes.length; i++) {
            planes[i] = planes[i] * scale + min;
        }
        return planes;
    }

    private static float[] bytePlanes(byte[] rgb, int hw) {
        float[] out = new float[3 * hw];
        for (int p = 0; p < hw; p++) {
            out[p] = rgb[3 * p] & 0xFF;
            out[hw + p] = rgb[3 * p + 1] & 0xFF;
            out[2 * hw + p] = rgb[3 * p + 2] & 0xFF;
        }
        return out;
    }
}
