package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Collection;

/**
 * The JSON documents of a bundle (manifest.json, fixtures.json) as Jackson binds them to
 * records: the shape and JSON type of every field (each one required and not null unless
 * {@link Omissible}; no coercion between JSON types, so "17" is not 17). A binding error becomes
 * a {@link BundleException} naming the file and the JSON path Jackson reports.
 */
final class BundleJson {
    /** A field that may be absent or null; every other field must be present and not null. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
    @interface Omissible {
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .annotationIntrospector(new RequiredUnlessOmissible())
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // other fields are the exporter's notes
            .addModule(new SimpleModule("finite-numbers")
                    .addDeserializer(Double.TYPE, new FiniteDouble(Double.TYPE, 0.0))
                    .addDeserializer(Double.class, new FiniteDouble(Double.class, null)))
            .build();

    private BundleJson() {
    }

    /**
     * Binds a JSON document of the bundle to {@code type}.
     *
     * @param file the document's bundle-relative path, for the errors
     */
    static <T> T read(byte[] json, String file, Class<T> type) throws BundleException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BundleException(file, null, "is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BundleException(file, null, "cannot be parsed: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new BundleException(file, null, "must hold a JSON object");
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw new BundleException(file, path(e), problem(e), e);
        } catch (JsonProcessingException e) {
            throw new BundleException(file, null, "cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    /** Jackson's path as BundleException names fields: "graphs.decoder.outputs[0].dtype". */
    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    private static String problem(JsonMappingException e) {
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage(); // a record's own check, e.g. FrameSize's positive sides
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            if (e.getOriginalMessage().startsWith("Missing required creator property")) {
                return "is missing";
            }
            Class<?> t = m.getTargetType();
            String not = "";
            if (e instanceof InvalidFormatException f && t.isEnum() && !(f.getValue() instanceof String)) {
                return "must be a string, not " + json(f.getValue()); // an enum's values are words: 5 is no dtype
            }
            if (e instanceof InvalidFormatException f) {
                not = t.isEnum() ? ", not '" + f.getValue() + "'" : ", not " + json(f.getValue());
            }
            return "must be " + kind(t) + not;
        }
        return "cannot be read: " + e.getOriginalMessage();
    }

    private static String kind(Class<?> t) {
        if (t.isEnum()) {
            return "one of " + Arrays.stream(t.getEnumConstants()).map(c -> MAPPER.valueToTree(c).asText()).toList();
        }
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return "an integer";
        }
        if (t == double.class || t == Double.class) {
            return "a finite number";
        }
        if (t == String.class) {
            return "a string";
        }
        return Collection.class.isAssignableFrom(t) || t.isArray() ? "an array" : "an object";
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** Creator properties are required, and their values and elements not null, unless {@link Omissible}. */
    private static final class RequiredUnlessOmissible extends JacksonAnnotationIntrospector {
        @Override
        public Boolean hasRequiredMarker(AnnotatedMember m) {
            return !m.hasAnnotation(Omissible.class);
        }

        @Override
        public JsonSetter.Value findSetterInfo(Annotated a) {
            if (!(a instanceof AnnotatedMember)) {
                return super.findSetterInfo(a);
            }
            return JsonSetter.Value.construct(a.hasAnnotation(Omissible.class) ? Nulls.SET : Nulls.FAIL, Nulls.FAIL);
        }
    }

    /** JSON has no infinity, but 1e999 reads as one. */
    private static final class FiniteDouble extends NumberDeserializers.DoubleDeserializer {
        FiniteDouble(Class<Double> type, Double nullValue) {
            super(type, nullValue);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Double v = super.deserialize(p, ctxt);
            if (v != null && !Double.isFinite(v)) {
                return (Double) ctxt.handleWeirdNumberValue(handledType(), v, "is not finite");
            }
            return v;
        }
    }
}
