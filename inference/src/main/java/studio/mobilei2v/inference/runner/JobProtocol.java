package studio.mobilei2v.inference.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The job protocol between the studio (host) and the device runner, over one stream socket,
 * and its codec. Every message is a frame: u32 big-endian header length, a UTF-8 JSON object
 * with a "type" field, u32 big-endian payload length, payload bytes (pixels; usually empty).
 * Headers are the {@link RunnerMessage} records, written and read with Jackson:
 *
 * <pre>
 * runner -> host: hello{protocol,pid}  loaded{initMs,info}  stage{job,stage,detail}
 *                 step{job,step,steps,ms}  frame{job,index,width,height,ms}+RGB
 *                 report{job,report(RunReport JSON)}  error{job,kind,field,stage,message}  bye{}
 * host -> runner: job{job,seed,schedule,motionScore,camera,width,height,fit,crop,sourceName,
 *                     sourceSha256,loadMs}+RGB   cancel{job}   shutdown{}
 * </pre>
 * error.kind is "invalid" (field names the request field), "cancelled" (stage), "failed" or
 * "fatal" (the runner cannot go on, e.g. the bundle did not load). Shared by both ends so they
 * cannot drift apart.
 */
public final class JobProtocol {
    public static final int VERSION = 1;
    /** Headers are small JSON objects; anything bigger is a broken or hostile peer. */
    public static final int MAX_HEADER = 1 << 20;
    /** The largest frame payload: a 4K RGB image, with room. */
    public static final int MAX_PAYLOAD = 64 << 20;
    public static final byte[] NO_PAYLOAD = new byte[0];

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE);

    private JobProtocol() {
    }

    /**
     * One message as read: its type, its header as a record (null for {@link MessageType#UNKNOWN}),
     * the type's name as sent, and the payload.
     */
    public record Envelope(MessageType type, String typeName, RunnerMessage message, byte[] payload) {
        /** The header as the record of this message's type. */
        public <T extends RunnerMessage> T as(Class<T> kind) throws IOException {
            if (!kind.isInstance(message)) {
                throw new IOException("job protocol: expected " + kind.getSimpleName() + ", got " + typeName);
            }
            return kind.cast(message);
        }
    }

    /** A header of a known type whose fields do not fit its record; the frame itself was read whole. */
    public static final class MalformedMessageException extends IOException {
        private final long job;

        MalformedMessageException(long job, String message, Throwable cause) {
            super(message, cause);
            this.job = job;
        }

        /** The header's "job" field, or -1. */
        public long job() {
            return job;
        }
    }

    /** Writes one message without payload; callers on several threads must hold one lock around it. */
    public static void write(DataOutputStream out, RunnerMessage message) throws IOException {
        write(out, message, NO_PAYLOAD);
    }

    /** Writes one message; callers on several threads must hold one lock around it. */
    public static void write(DataOutputStream out, RunnerMessage message, byte[] payload) throws IOException {
        byte[] h = JSON.writeValueAsBytes(encode(message));
        out.writeInt(h.length);
        out.write(h);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /** The JSON header of a message: "type", then the record's components. */
    static ObjectNode encode(RunnerMessage message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", MessageType.of(message).wire());
        n.setAll((ObjectNode) JSON.valueToTree(message));
        return n;
    }

    /** Reads one message, or null at a clean end of stream. */
    public static Envelope read(DataInputStream in) throws IOException {
        int hl;
        try {
            hl = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (hl <= 0 || hl > MAX_HEADER) {
            throw new IOException("job protocol: header length " + hl + " out of range (peer is not a MobileI2V runner/host?)");
        }
        byte[] h = new byte[hl];
        in.readFully(h);
        int pl = in.readInt();
        if (pl < 0 || pl > MAX_PAYLOAD) {
            throw new IOException("job protocol: payload length " + pl + " out of range");
        }
        byte[] p = pl == 0 ? NO_PAYLOAD : new byte[pl];
        in.readFully(p);
        return decode(h, p);
    }

    static Envelope decode(byte[] header, byte[] payload) throws IOException {
        if (!(JSON.readTree(header) instanceof ObjectNode node) || !node.hasNonNull("type")) {
            throw new IOException("job protocol: header is not a JSON object with a type");
        }
        String name = node.get("type").asText();
        MessageType type = MessageType.ofWire(name);
        if (type == MessageType.UNKNOWN) {
            return new Envelope(type, name, null, payload);
        }
        try {
            return new Envelope(type, name, JSON.treeToValue(node, type.messageClass()), payload);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            JsonNode job = node.get("job");
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new MalformedMessageException(job != null && job.canConvertToLong() ? job.asLong() : -1,
                    name + " message is malformed: " + why, e);
        }
    }
}
