package studio.mobilei2v.inference.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.FitMode;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.ModelImage;

import java.io.IOException;

/** A {@link GenerationRequest} to and from the job protocol's "job" message (pixels as the payload). */
public final class JobMessages {
    private JobMessages() {
    }

    public static JobProtocol.Message job(long jobId, GenerationRequest r) {
        ObjectNode h = JobProtocol.header("job");
        ModelImage img = r.image();
        h.put("job", jobId);
        h.put("seed", r.seed());
        h.put("schedule", r.schedule());
        if (r.motionScore() != null) {
            h.put("motionScore", r.motionScore());
        } else {
            h.putNull("motionScore");
        }
        h.put("camera", r.camera());
        h.put("width", img.width());
        h.put("height", img.height());
        h.put("fit", img.fit().name().toLowerCase());
        if (img.crop() != null) {
            ObjectNode c = h.putObject("crop");
            c.put("x", img.crop().x());
            c.put("y", img.crop().y());
            c.put("width", img.crop().width());
            c.put("height", img.crop().height());
        }
        h.put("sourceName", img.sourceName());
        h.put("sourceSha256", img.sourceSha256());
        h.put("loadMs", img.loadMs());
        return new JobProtocol.Message(h, img.rgb());
    }

    public static GenerationRequest request(JobProtocol.Message m) throws IOException {
        JsonNode h = m.header();
        try {
            CropRect crop = null;
            JsonNode c = h.get("crop");
            if (c != null && c.isObject()) {
                crop = new CropRect(c.get("x").asInt(), c.get("y").asInt(), c.get("width").asInt(), c.get("height").asInt());
            }
            ModelImage img = new ModelImage(h.get("width").asInt(), h.get("height").asInt(), m.payload(),
                    text(h, "sourceName"), text(h, "sourceSha256"), FitMode.parse(h.path("fit").asText("crop")), crop,
                    h.path("loadMs").asDouble(0));
            JsonNode ms = h.get("motionScore");
            return new GenerationRequest(img, h.get("seed").asLong(), text(h, "schedule"),
                    ms == null || ms.isNull() ? null : ms.asDouble(), text(h, "camera"));
        } catch (RuntimeException e) {
            throw new IOException("job message is malformed: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode h, String field) {
        JsonNode n = h.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
