package studio.mobilei2v.inference.local;

import ai.onnxruntime.OrtSession;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.bundle.Fixtures;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.sampler.SeededNoise;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One whole-run fixture (docs/BUNDLE.md "Fixtures", {@code runs}) replayed through a generator's own stages:
 * the seeded noise, the encoder, the sampler with the denoiser graph, and the decoding of every frame, against
 * PyTorch's final latents and 8-bit frames. Shared by the nano bundle's and the converted bundles' tests.
 */
final class WholeRunReplay {
    private WholeRunReplay() {
    }

    static void check(LocalVideoGenerator gen, ModelBundle bundle, Fixtures.RunCase r) throws Exception {
        // the fixture's noise is SeededNoise(seed): the Python and Java generators agree
        float[] noise = r.noise().floats();
        float[] ours = SeededNoise.generate(r.seed(), noise.length);
        int identical = 0;
        for (int i = 0; i < noise.length; i++) {
            assertEquals(noise[i], ours[i], 1e-6f, "noise element " + i);
            identical += Float.floatToIntBits(noise[i]) == Float.floatToIntBits(ours[i]) ? 1 : 0;
        }
        assertTrue(identical >= noise.length * 0.999, identical + " of " + noise.length + " noise values bit-identical");

        RequestPlan plan = gen.plan(r.schedule(), r.motionScore(), r.camera());
        // a flow-warp bundle's run starts from the picture's 8-bit pixels at an output size
        // ([H, W, 3]); an RGB bundle's from the encoder's input tensor
        boolean pixels = r.image().dtype().equals("uint8");
        int w = pixels ? r.image().shape().get(1).intValue() : bundle.video().width();
        int h = pixels ? r.image().shape().get(0).intValue() : bundle.video().height();
        ModelImage picture = ModelImage.ofPixels(w, h, pixels ? r.image().uint8() : new byte[w * h * 3]);
        float[] image = pixels ? gen.preprocess(picture) : r.image().floats();
        float[] x;
        List<byte[]> frames = new ArrayList<>();
        try (OrtSession.RunOptions ro = new OrtSession.RunOptions()) {
            float[] z0 = gen.encode(image, ro);
            x = gen.initialLatents(r.seed(), z0);
            gen.denoise(x, z0, plan, ro, Cancellation.none(), (k, n, ms) -> { });
            FrameDecoding decoding = gen.decoding(x, picture, image);
            for (int f = 0; f < bundle.video().frames(); f++) {
                byte[] rgb = decoding.frame(f, ro); // every frame, in order, as the pipeline streams them
                if (r.frameIds().contains(f)) {
                    frames.add(rgb);
                }
            }
        }
        FixtureParityTest.assertClose(r.latents().floats(), x, r.latentsAtol(), 0, r.name() + " final latents");
        if (bundle.decoder().warps()) {
            assertArrayEquals(picture.rgb(), frames.get(0), "frame 0 of a flow-warp decoder is the picture itself");
        }

        byte[] expected = r.frames().uint8();
        int frameBytes = w * h * 3;
        assertEquals(expected.length, frameBytes * frames.size(), "frame count x size");
        int worst = 0;
        for (int f = 0; f < frames.size(); f++) {
            byte[] got = frames.get(f);
            for (int i = 0; i < frameBytes; i++) {
                worst = Math.max(worst, Math.abs((got[i] & 0xFF) - (expected[f * frameBytes + i] & 0xFF)));
            }
        }
        assertTrue(worst <= r.framesMaxAbsDiff(), r.name() + ": 8-bit frames differ by up to " + worst
                + " (allowed " + r.framesMaxAbsDiff() + ")");
    }
}
