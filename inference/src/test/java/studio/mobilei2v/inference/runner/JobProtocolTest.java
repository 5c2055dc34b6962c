package studio.mobilei2v.inference.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.FitMode;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.GeneratorInfo;
import studio.mobilei2v.inference.ModelImage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The typed job protocol keeps the wire format of docs/DEVICE_BRIDGE.md: field names, types, framing. */
class JobProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JobProtocol.Envelope roundTrip(RunnerMessage m, byte[] payload) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JobProtocol.write(new DataOutputStream(bytes), m, payload);
        return JobProtocol.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    @Test
    void everyMessageSurvivesTheWireAsItsRecord() throws Exception {
        GeneratorInfo info = new GeneratorInfo("SERIAL", "mobilei2v-nano", "1.1", "mobile", studio.mobilei2v.inference.ExecutionProvider.XNNPACK, 4);
        List<RunnerMessage> all = List.of(new RunnerMessage.Hello(1, 42), new RunnerMessage.Loaded(12.5, info),
                new RunnerMessage.Stage(3, "encode", "256x144"), new RunnerMessage.Step(3, 1, 2, 7.25),
                new RunnerMessage.Frame(3, 16, 1280, 720, 3.5), new RunnerMessage.Report(3, "{\"totalMs\":1}"),
                new RunnerMessage.Error(3, RunnerMessage.ErrorKind.INVALID, "seed", null, "bad seed"),
                new RunnerMessage.Bye(), new RunnerMessage.Cancel(3), new RunnerMessage.Shutdown());
        for (RunnerMessage m : all) {
            JobProtocol.Envelope e = roundTrip(m, new byte[]{1, 2, 3});
            assertEquals(MessageType.of(m), e.type());
            assertEquals(m, e.message());
            assertArrayEquals(new byte[]{1, 2, 3}, e.payload());
        }
    }

    @Test
    void headersUseTheDocumentedFieldNames() throws Exception {
        ObjectNode frame = JobProtocol.encode(new RunnerMessage.Frame(7, 2, 64, 32, 1.5));
        assertEquals("{\"type\":\"frame\",\"job\":7,\"index\":2,\"width\":64,\"height\":32,\"ms\":1.5}", JSON.writeValueAsString(frame));
        ObjectNode error = JobProtocol.encode(new RunnerMessage.Error(-1, RunnerMessage.ErrorKind.FATAL, null, null, "no model"));
        assertEquals("{\"type\":\"error\",\"job\":-1,\"kind\":\"fatal\",\"field\":null,\"stage\":null,\"message\":\"no model\"}",
                JSON.writeValueAsString(error));
        assertEquals("{\"type\":\"bye\"}", JSON.writeValueAsString(JobProtocol.encode(new RunnerMessage.Bye())));
    }

    @Test
    void aJobCarriesTheRequestAndItsPixels() throws Exception {
        byte[] rgb = new byte[4 * 2 * 3];
        rgb[5] = 9;
        ModelImage img = new ModelImage(4, 2, rgb, "a.png", "ab12", FitMode.parse("pad"), new CropRect(1, 2, 3, 4), 5.5);
        GenerationRequest r = new GenerationRequest(img, 77, "distilled-2", null, "zoom-in");
        RunnerMessage.Job job = JobMessages.job(9, r);
        ObjectNode h = JobProtocol.encode(job);
        assertEquals("job", h.get("type").asText());
        assertTrue(h.get("motionScore").isNull(), "motionScore is sent as null when unset");
        assertEquals(3, h.get("crop").get("width").asInt());
        JobProtocol.Envelope e = roundTrip(job, rgb);
        GenerationRequest back = JobMessages.request(e.as(RunnerMessage.Job.class), e.payload());
        assertEquals(77, back.seed());
        assertEquals("distilled-2", back.schedule());
        assertNull(back.motionScore());
        assertEquals("zoom-in", back.camera());
        assertEquals(img.fit(), back.image().fit());
        assertEquals(img.crop(), back.image().crop());
        assertEquals("a.png", back.image().sourceName());
        assertArrayEquals(rgb, back.image().rgb());
        assertFalse(JobProtocol.encode(JobMessages.job(1, new GenerationRequest(ModelImage.ofPixels(4, 2, rgb), 1, null, 2.0, null)))
                .has("crop"), "no crop, no crop field");
    }

    @Test
    void unknownTypesAndKindsAndMalformedHeadersAreToldApart() throws Exception {
        JobProtocol.Envelope later = JobProtocol.decode("{\"type\":\"thermal\",\"level\":3}".getBytes(StandardCharsets.UTF_8), JobProtocol.NO_PAYLOAD);
        assertEquals(MessageType.UNKNOWN, later.type());
        assertEquals("thermal", later.typeName());
        JobProtocol.Envelope kind = JobProtocol.decode("{\"type\":\"error\",\"job\":1,\"kind\":\"melted\",\"message\":\"m\"}"
                .getBytes(StandardCharsets.UTF_8), JobProtocol.NO_PAYLOAD);
        assertEquals(RunnerMessage.ErrorKind.FAILED, kind.as(RunnerMessage.Error.class).kind());
        JobProtocol.MalformedMessageException bad = assertThrows(JobProtocol.MalformedMessageException.class,
                () -> JobProtocol.decode("{\"type\":\"job\",\"job\":4,\"width\":\"wide\"}".getBytes(StandardCharsets.UTF_8), JobProtocol.NO_PAYLOAD));
        assertEquals(4, bad.job());
        assertTrue(bad.getMessage().startsWith("job message is malformed: "), bad.getMessage());
        assertThrows(java.io.IOException.class, () -> JobProtocol.decode("[1]".getBytes(StandardCharsets.UTF_8), JobProtocol.NO_PAYLOAD));
    }
}
