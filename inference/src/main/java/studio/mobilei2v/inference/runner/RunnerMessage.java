package studio.mobilei2v.inference.runner;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import studio.mobilei2v.inference.GeneratorInfo;

/**
 * The headers of the job protocol, one record per {@link MessageType}; {@link JobProtocol}
 * turns them into JSON and back with Jackson (record components are the JSON field names, the
 * "type" field comes from the record's {@link MessageType}). Pixels travel as the payload
 * beside the header: the RGB picture of a {@link Job}, the RGB frame of a {@link Frame}.
 */
public sealed interface RunnerMessage {

    /** Runner -> host, first on every connection. */
    record Hello(int protocol, long pid) implements RunnerMessage {
    }

    /** Runner -> host once the model is loaded; {@code initMs} is the device's session creation. */
    record Loaded(double initMs, GeneratorInfo info) implements RunnerMessage {
    }

    /** A stage begins; its wire name is the {@link studio.mobilei2v.inference.Stage}'s ("encoder"). */
    record Stage(long job, studio.mobilei2v.inference.Stage stage, String detail) implements RunnerMessage {
    }

    record Step(long job, int step, int steps, double ms) implements RunnerMessage {
    }

    /** The header of one frame; its RGB pixels are the payload. */
    record Frame(long job, int index, int width, int height, double ms) implements RunnerMessage {
    }

    /** A finished job: the device's RunReport as its JSON text. */
    record Report(long job, String report) implements RunnerMessage {
    }

    /**
     * A job (or the runner) failed. {@code field} names the request field of an
     * {@link ErrorKind#INVALID} request, {@code stage} where a job was cancelled; job -1 when
     * the error belongs to no job. A stage name this build does not know reads as
     * {@link studio.mobilei2v.inference.Stage#DEVICE}.
     */
    record Error(long job, ErrorKind kind, String field, studio.mobilei2v.inference.Stage stage, String message) implements RunnerMessage {
    }

    /** Runner -> host after a shutdown, the last message. */
    record Bye() implements RunnerMessage {
    }

    /** Host -> runner: one generation request; the picture's RGB pixels are the payload. */
    record Job(long job, long seed, String schedule, Double motionScore, String camera, int width, int height,
               String fit, @JsonInclude(JsonInclude.Include.NON_NULL) Crop crop, String sourceName,
               String sourceSha256, double loadMs) implements RunnerMessage {
    }

    /** The crop rectangle of a {@link Job}, in source pixels. */
    record Crop(int x, int y, int width, int height) {
    }

    record Cancel(long job) implements RunnerMessage {
    }

    record Shutdown() implements RunnerMessage {
    }

    /** {@link Error#kind()} on the wire; a kind this build does not know reads as {@link #FAILED}. */
    enum ErrorKind {
        /** The request was refused; {@link Error#field()} names the field. */
        @JsonProperty("invalid") INVALID,
        @JsonProperty("cancelled") CANCELLED,
        @JsonEnumDefaultValue @JsonProperty("failed") FAILED,
        /** The runner cannot go on (e.g. the bundle did not load). */
        @JsonProperty("fatal") FATAL
    }
}
