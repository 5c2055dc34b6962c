package studio.mobilei2v.studio.messages;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Readable messages for the user (shown as a ControlsFX notification bar, never a stack trace).
 * Kept as a list so tests can assert what the user was told.
 */
public final class Messages {
    public enum Level { INFO, WARNING, ERROR }

    public record Message(Level level, String text) {
    }

    private final ObservableList<Message> all = FXCollections.observableArrayList();
    private final ObjectProperty<Message> latest = new SimpleObjectProperty<>();

    /** UI thread only. */
    public void info(String text) { add(Level.INFO, text); }

    public void warn(String text) { add(Level.WARNING, text); }

    public void error(String text) { add(Level.ERROR, text); }

    /** A failure as a sentence: the exception's own message (which names the file or field), not its class. */
    public void error(String what, Throwable e) {
        add(Level.ERROR, what + ": " + describe(e));
    }

    public static String describe(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) t = t.getCause();
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private void add(Level level, String text) {
        Message m = new Message(level, text);
        all.add(m);
        if (all.size() > 200) all.remove(0);
        latest.set(m);
    }

    public ObservableList<Message> all() { return all; }

    public ObjectProperty<Message> latestProperty() { return latest; }
}
