package studio.mobilei2v.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import studio.mobilei2v.inference.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import studio.mobilei2v.bridge.pool.WorkerFacts;

/**
 * {@code DIR/batch.json}: the batch's settings and one entry per picture (picture, output, device
 * serial, seed, milliseconds, status, error, the device's facts). Rewritten after every picture,
 * atomically (a temporary file in DIR, then a rename), so an interrupted batch leaves a journal
 * that matches the outputs on disk; a resumed batch keeps the entries of outputs it skips.
 */
final class BatchJournal {
    static final String FILE = "batch.json";
    static final String FORMAT = "mobilei2v-batch/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final ObjectNode settings;
    /** Entries by output path, in picture order. */
    private final Map<String, ObjectNode> items = new LinkedHashMap<>();
    private final Map<String, ObjectNode> previous = new LinkedHashMap<>();
    private final Map<String, WorkerFacts> workers = new LinkedHashMap<>();

    BatchJournal(Path outDir, ObjectNode settings, List<BatchPictures.Item> pictures) throws CommandFailedException {
        this.file = outDir.resolve(FILE);
        this.settings = settings;
        if (Files.isRegularFile(file)) {
            try {
                JsonNode old = JSON.readTree(file.toFile());
                for (JsonNode item : old.path("items")) {
                    if (item.isObject() && item.hasNonNull("output")) {
                        previous.put(item.get("output").asText(), (ObjectNode) item);
                    }
                }
            } catch (IOException e) {
                // a journal we cannot read is replaced; the outputs themselves decide what is done
            }
        }
        for (BatchPictures.Item p : pictures) {
            ObjectNode n = JSON.createObjectNode();
            n.put("picture", p.picture().toString());
            n.put("output", p.output().toString());
            n.put("status", "pending");
            items.put(p.output().toString(), n);
        }
    }

    static ObjectNode newSettings() {
        return JSON.createObjectNode();
    }

    /** The previous run's entry for an output that exists, kept as it was (marked resumed). */
    synchronized void skipped(BatchPictures.Item p) {
        ObjectNode old = previous.get(p.output().toString());
        ObjectNode n = items.get(p.output().toString());
        if (old != null && "done".equals(old.path("status").asText())) {
            n.setAll(old);
        } else {
            n.put("status", "done");
            n.put("note", "the output existed before this run; not made again");
        }
        n.put("skipped", true);
    }

    synchronized void worker(WorkerFacts f) {
        workers.put(f.id(), f);
    }

    synchronized void done(BatchPictures.Item p, WorkerFacts worker, long seed, double ms, double deviceMs, int attempts) {
        ObjectNode n = items.get(p.output().toString());
        n.put("device", worker.id());
        n.put("seed", seed);
        n.put("ms", Math.round(ms * 10) / 10.0);
        n.put("device_ms", Math.round(deviceMs * 10) / 10.0);
        n.put("status", "done");
        n.put("attempts", attempts);
        n.remove("error");
        n.set("device_facts", facts(worker));
    }

    synchronized void failed(BatchPictures.Item p, WorkerFacts worker, long seed, String status, String error, int attempts) {
        ObjectNode n = items.get(p.output().toString());
        n.put("device", worker == null ? null : worker.id());
        n.put("seed", seed);
        n.putNull("ms");
        n.put("status", status);
        n.put("error", error);
        n.put("attempts", attempts);
        if (worker != null) {
            n.set("device_facts", facts(worker));
        }
    }

    private static ObjectNode facts(WorkerFacts f) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", f.id());
        n.put("kind", f.kind());
        n.put("model", f.model());
        n.put("soc", f.soc());
        n.put("abi", f.abi());
        n.put("os", f.os());
        if (f.cores() != null) {
            n.put("cores", f.cores());
        }
        if (f.bigCores() != null) {
            n.put("big_cores", f.bigCores());
        }
        return n;
    }

    /** Writes the journal now (temporary file + atomic rename). */
    synchronized void write(ObjectNode summary) throws CommandFailedException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.setAll(settings);
        ArrayNode w = root.putArray("workers");
        for (WorkerFacts f : workers.values()) {
            w.add(facts(f));
        }
        ArrayNode a = root.putArray("items");
        items.values().forEach(a::add);
        if (summary != null) {
            root.set("summary", summary);
        }
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new CommandFailedException(file + ": cannot write the batch journal (" + e.getMessage() + ")", e);
        }
    }

    Path file() {
        return file;
    }
}
