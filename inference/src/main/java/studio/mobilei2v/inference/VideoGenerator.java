package studio.mobilei2v.inference;

/**
 * Turns one fitted source image into a short video, streaming frames to a listener.
 *
 * <p>Transport-neutral on purpose: the local ONNX Runtime pipeline implements it, and so does
 * the device bridge's remote job client, so the studio can switch where a run happens without
 * changing any other code. One run at a time per generator: a second {@code generate} call
 * waits until the first has finished (cancel the first to make room).
 */
public interface VideoGenerator extends AutoCloseable {

    /** What this generator runs and where; cheap, never touches the model. */
    GeneratorInfo info();

    /**
     * Runs the whole pipeline (encoder, sampler steps on the denoiser, streaming decoder).
     * Listener callbacks arrive on the calling thread, in order; frames arrive as decoded.
     *
     * @return the run's report (also valid JSON via {@link RunReport#toJson()})
     * @throws InvalidRequestException the request does not fit this model (names the field)
     * @throws GenerationCancelledException {@code cancel} fired; nothing is left running
     * @throws GenerationException the runtime failed (message says which graph/stage)
     */
    RunReport generate(GenerationRequest request, GenerationListener listener, Cancellation cancel)
            throws GenerationException;

    /** Releases native resources (sessions, tensors, sockets). Idempotent. */
    @Override
    void close();
}
