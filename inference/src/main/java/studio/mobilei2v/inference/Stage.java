package studio.mobilei2v.inference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The stages of a run, as {@link GenerationListener#onStage} reports them and
 * {@link GenerationCancelledException#stage()} names them. Each has its wire name (the job
 * protocol's "stage" field, progress lines, "generation cancelled during decoder"), which is also
 * its {@link #toString()}.
 */
public enum Stage {
    /** Creating ONNX Runtime sessions (first run, or a graph not used before). */
    INIT("init"),
    /** Reading, decoding and fitting the source image, before generate() (a report time only). */
    LOAD("load"),
    /** Pixels to the encoder's normalised NCHW tensor. */
    PREPROCESS("preprocess"),
    /** Image to first latent frame. */
    ENCODER("encoder"),
    /** Sampler steps on the denoiser. */
    DENOISER("denoiser"),
    /** Latents to frames, one call per frame, streamed. */
    DECODER("decoder"),
    /**
     * A flow-warp decoder's warp of the picture at the output size (interleaved with the decoder,
     * frame by frame; reported as its own stage time).
     */
    WARP("warp"),
    /** Everything finished; detail holds the total milliseconds. */
    DONE("done"),
    /** A device job still waiting for its runner (device bridge; cancelled before it started). */
    QUEUED("queued"),
    /**
     * Somewhere on a device runner that did not name the stage, or named one this build does
     * not know (a newer runner): what unknown wire names read as. The pipeline never enters it.
     */
    DEVICE("device");

    private final String wireName;

    Stage(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the job protocol, progress output and messages: "init", "encoder", ... */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The stage of a wire name; {@link #DEVICE} for a name this build does not know. */
    @JsonCreator
    public static Stage ofWire(String name) {
        for (Stage s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        return DEVICE;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
