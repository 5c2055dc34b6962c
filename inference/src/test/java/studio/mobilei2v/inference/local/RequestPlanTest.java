package studio.mobilei2v.inference.local;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.mobilei2v.inference.InvalidRequestException;
import studio.mobilei2v.inference.bundle.FrameSize;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.testing.NanoBundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one request check: what a person asks for, refused with the field, the value and why. */
class RequestPlanTest {
    private static ModelBundle bundle;

    @BeforeAll
    static void open() throws Exception {
        bundle = ModelBundle.open(NanoBundle.require());
    }

    private static RequestPlan.Choices choices(String variant, Integer steps, String schedule, Double motion,
                                               String camera, String size) {
        return new RequestPlan.Choices(variant, steps, schedule, motion, camera, size);
    }

    private static InvalidRequestException refused(RequestPlan.Choices c, String field, String value) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> RequestPlan.of(bundle, c));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(value, e.value(), e.getMessage());
        assertEquals(field + (value == null ? "" : " " + value) + ": " + e.reason(), e.getMessage());
        return e;
    }

    @Test
    void nothingChosenIsTheBundlesDefaults() throws Exception {
        RequestPlan p = RequestPlan.of(bundle, choices(null, null, null, null, null, null));
        assertEquals("desktop", p.variant().name());
        assertEquals(bundle.sampler().defaultSchedule(), p.schedule().name());
        assertEquals(bundle.conditioning().motionScore().defaultValue(), p.motionScore());
        assertEquals(bundle.conditioning().cameraMotionOrNull().defaultClass(), p.camera());
        assertEquals(bundle.video().size(), p.size());
    }

    @Test
    void aChoiceThatFitsIsKept() throws Exception {
        RequestPlan p = RequestPlan.of(bundle, choices("mobile", 2, null, 3.0, "zoom-in", "640x360"));
        assertEquals("distilled-2", p.schedule().name());
        assertEquals(3.0, p.motionScore());
        assertEquals("zoom-in", p.camera());
        assertEquals(bundle.conditioning().cameraMotionOrNull().classes().indexOf("zoom-in"), p.cameraIndex());
        assertEquals(new FrameSize(640, 360), p.size());
        assertEquals("teacher-7", RequestPlan.of(bundle, choices(null, null, "teacher-7", null, null, null)).schedule().name());
    }

    @Test
    void eachFieldIsNamedWithItsValueAndReason() {
        assertTrue(refused(choices("tablet", null, null, null, null, null), "variant", "tablet").reason().contains("desktop"));
        assertTrue(refused(choices(null, 5000, null, null, null, null), "steps", "5000").reason()
                .contains("distilled-1 (1 step)"));
        refused(choices(null, 0, null, null, null, null), "steps", "0");
        refused(choices(null, 1, "distilled-1", null, null, null), "steps", "1");
        assertTrue(refused(choices(null, null, "turbo-3", null, null, null), "schedule", "turbo-3").reason()
                .contains("teacher-N for 1 to 1000 steps"));
        assertTrue(refused(choices("mobile", 20, null, null, null, null), "steps", "20").reason().contains("variant 'mobile'"));
        assertTrue(refused(choices("mobile", null, "teacher-20", null, null, null), "schedule", "teacher-20").reason()
                .contains("variant 'mobile'"));
        assertEquals("out of range for " + bundle.name() + " (0.5 to 4.0)",
                refused(choices(null, null, null, 9.0, null, null), "motionScore", "9.0").reason());
        refused(choices(null, null, null, Double.NaN, null, null), "motionScore", "NaN");
        assertTrue(refused(choices(null, null, null, null, "barrel-roll", null), "camera", "barrel-roll").reason()
                .contains("still, pan-left"));
        assertTrue(refused(choices(null, null, null, null, null, "123x45"), "size", "123x45").reason()
                .contains("640x360, 960x540, 1280x720, 1920x1080"));
        assertTrue(refused(choices(null, null, null, null, null, "big"), "size", "big").reason().contains("1280x720"));
    }

    @Test
    void aRunnerSendsTheDetailAndTheFieldApart() {
        InvalidRequestException e = new InvalidRequestException("camera", "x", "unknown");
        assertEquals("x: unknown", e.detail());
        InvalidRequestException remote = new InvalidRequestException(e.field(), e.detail());
        assertNull(remote.value());
        assertEquals("camera: x: unknown", remote.getMessage());
    }
}
