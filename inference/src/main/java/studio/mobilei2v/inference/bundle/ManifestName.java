package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** An enum whose manifest name is its constant's name in lower case ("FLOAT32" is "float32"). */
interface ManifestName {
    String name();

    @JsonValue
    default String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
