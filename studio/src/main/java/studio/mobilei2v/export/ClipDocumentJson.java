package studio.mobilei2v.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON for {@link ClipDocument}: snake_case keys, nulls left out, and non-ASCII escaped so the
 * same text is safe in an MP4 tag, a Matroska tag and a GIF comment (GIF comments are 7-bit).
 */
final class ClipDocumentJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ClipDocumentJson() {
    }

    static String write(ClipDocument doc) {
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write clip metadata as JSON", e);
        }
    }

    static String writePretty(ClipDocument doc) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write clip metadata as JSON", e);
        }
    }

    static ClipDocument read(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, ClipDocument.class);
    }
}
