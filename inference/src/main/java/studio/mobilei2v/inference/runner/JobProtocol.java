package studio.mobilei2v.inference.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The job protocol between the studio (host) and the device runner, over one stream socket.
 * Every message is a frame: u32 big-endian header length, a UTF-8 JSON object with a "type"
 * field, u32 big-endian payload length, payload bytes (pixels; usually empty).
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

    static final ObjectMapper JSON = new ObjectMapper();

    private JobProtocol() {
    }

    /** One decoded frame of the protocol. */
    public record Message(ObjectNode header, byte[] payload) {
        public String type() {
            return header.path("type").asText("");
        }
    }

    public static ObjectNode header(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** Writes one message; callers on several threads must hold one lock around it. */
    public static void write(DataOutputStream out, ObjectNode header, byte[] payload) throws IOException {
        byte[] h = JSON.writeValueAsBytes(header);
        out.writeInt(h.length);
        out.write(h);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /** Reads one message, or null at a clean end of stream. */
    public static Message read(DataInputStream in) throws IOException {
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
        if (!(JSON.readTree(h) instanceof ObjectNode node) || !node.hasNonNull("type")) {
            throw new IOException("job protocol: header is not a JSON object with a type");
        }
        return new Message(node, p);
    }
}
