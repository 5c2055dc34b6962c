package studio.mobilei2v.inference;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline must run unchanged on a phone (ART has no java.awt / javax.imageio), so only the
 * desktop-only image package may use them; and the module never uses JavaFX, ddmlib or JavaCV.
 */
class PortabilityTest {
    private static List<Path> sources() throws Exception {
        Path root = Path.of("src/main/java/studio/mobilei2v/inference");
        assertTrue(Files.isDirectory(root), "run from the inference module: " + root.toAbsolutePath());
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void onlyTheImagePackageUsesAwtOrImageIo() throws Exception {
        List<String> offenders = new ArrayList<>();
        for (Path p : sources()) {
            String rel = p.toString().replace('\\', '/');
            if (rel.contains("/inference/image/")) {
                continue;
            }
            String text = Files.readString(p);
            if (text.contains("java.awt") || text.contains("javax.imageio")) {
                offenders.add(rel);
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void noUiOrDeviceOrVideoLibraries() throws Exception {
        List<String> offenders = new ArrayList<>();
        for (Path p : sources()) {
            String text = Files.readString(p);
            if (text.contains("import javafx.") || text.contains("import com.android.ddmlib")
                    || text.contains("import org.bytedeco")) {
                offenders.add(p.toString());
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void generationRequestSurvivesJson() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        ModelImage img = new ModelImage(2, 1, new byte[]{1, 2, 3, 4, 5, (byte) 200}, "a.png", "ab".repeat(32),
                FitMode.PAD, new CropRect(0, 0, 2, 1), 3.5);
        GenerationRequest r = new GenerationRequest(img, -7L, "teacher-8", 1.5, "still");
        GenerationRequest back = mapper.readValue(mapper.writeValueAsString(r), GenerationRequest.class);
        assertEquals(r.seed(), back.seed());
        assertEquals(r.schedule(), back.schedule());
        assertEquals(r.camera(), back.camera());
        assertEquals(img.crop(), back.image().crop());
        assertEquals(FitMode.PAD, back.image().fit());
        assertTrue(java.util.Arrays.equals(img.rgb(), back.image().rgb()));
    }
}
