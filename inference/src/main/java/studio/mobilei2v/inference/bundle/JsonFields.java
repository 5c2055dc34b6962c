package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Typed reads from a JSON tree that fail with a {@link BundleException} naming the file and the
 * dotted field path. Shared by the manifest and fixtures readers.
 */
final class JsonFields {
    private final String file;

    JsonFields(String file) {
        this.file = file;
    }

    BundleException error(String field, String problem) {
        return new BundleException(file, field, problem);
    }

    static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    JsonNode present(JsonNode parent, String parentPath, String key) throws BundleException {
        JsonNode n = parent.get(key);
        if (n == null || n.isMissingNode()) {
            throw error(join(parentPath, key), "is missing");
        }
        return n;
    }

    JsonNode object(JsonNode parent, String parentPath, String key) throws BundleException {
        JsonNode n = present(parent, parentPath, key);
        if (!n.isObject()) {
            throw error(join(parentPath, key), "must be an object");
        }
        return n;
    }

    /** An object, or null when the field is absent or JSON null. */
    JsonNode optionalObject(JsonNode parent, String parentPath, String key) throws BundleException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw error(join(parentPath, key), "must be an object or null");
        }
        return n;
    }

    JsonNode array(JsonNode parent, String parentPath, String key) throws BundleException {
        JsonNode n = present(parent, parentPath, key);
        if (!n.isArray()) {
            throw error(join(parentPath, key), "must be an array");
        }
        return n;
    }

    String string(JsonNode parent, String parentPath, String key) throws BundleException {
        JsonNode n = present(parent, parentPath, key);
        if (!n.isTextual()) {
            throw error(join(parentPath, key), "must be a string");
        }
        return n.asText();
    }

    String nonEmptyString(JsonNode parent, String parentPath, String key) throws BundleException {
        String s = string(parent, parentPath, key);
        if (s.isBlank()) {
            throw error(join(parentPath, key), "must not be empty");
        }
        return s;
    }

    String optionalString(JsonNode parent, String parentPath, String key) throws BundleException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw error(join(parentPath, key), "must be a string or null");
        }
        return n.asText();
    }

    int positiveInt(JsonNode parent, String parentPath, String key) throws BundleException {
        JsonNode n = present(parent, parentPath, key);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() <= 0) {
            throw error(join(parentPath, key), "must be a positive integer");
        }
        return n.asInt();
    }

    long nonNegativeLong(JsonNode parent, String parentPath, String key) throws BundleException {
        JsonNode n = present(parent, parentPath, key);
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw error(join(parentPath, key), "must be a non-negative integer");
        }
        return n.asLong();
    }

    double number(JsonNode parent, String parentPath, String key) throws BundleException {
        return number(present(parent, parentPath, key), join(parentPath, key));
    }

    double number(JsonNode n, String path) throws BundleException {
        if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw error(path, "must be a finite number");
        }
        return n.asDouble();
    }

    double positiveNumber(JsonNode parent, String parentPath, String key) throws BundleException {
        double v = number(parent, parentPath, key);
        if (!(v > 0)) {
            throw error(join(parentPath, key), "must be a positive number");
        }
        return v;
    }

    List<String> strings(JsonNode array, String path) throws BundleException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode n = array.get(i);
            if (!n.isTextual()) {
                throw error(path + "[" + i + "]", "must be a string");
            }
            out.add(n.asText());
        }
        return out;
    }

    List<Long> shape(JsonNode parent, String parentPath, String key) throws BundleException {
        JsonNode a = array(parent, parentPath, key);
        String path = join(parentPath, key);
        if (a.isEmpty()) {
            throw error(path, "must list at least one dimension");
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonNode n = a.get(i);
            if (!n.isIntegralNumber() || n.asLong() <= 0) {
                throw error(path + "[" + i + "]", "must be a positive integer (fixed shapes only)");
            }
            out.add(n.asLong());
        }
        return out;
    }

    static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode object) {
        return () -> {
            Iterator<Map.Entry<String, JsonNode>> it = object.fields();
            return it;
        };
    }
}
