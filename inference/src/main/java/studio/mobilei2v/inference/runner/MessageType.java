package studio.mobilei2v.inference.runner;

/**
 * The kinds of {@link JobProtocol} message, each with its name on the wire (the header's
 * "type" field) and the record it is decoded into. {@link #UNKNOWN} stands for a name this
 * build does not know (a newer peer); it is never written.
 */
public enum MessageType {
    // runner -> host
    HELLO("hello", RunnerMessage.Hello.class),
    LOADED("loaded", RunnerMessage.Loaded.class),
    STAGE("stage", RunnerMessage.Stage.class),
    STEP("step", RunnerMessage.Step.class),
    FRAME("frame", RunnerMessage.Frame.class),
    REPORT("report", RunnerMessage.Report.class),
    ERROR("error", RunnerMessage.Error.class),
    BYE("bye", RunnerMessage.Bye.class),
    // host -> runner
    JOB("job", RunnerMessage.Job.class),
    CANCEL("cancel", RunnerMessage.Cancel.class),
    SHUTDOWN("shutdown", RunnerMessage.Shutdown.class),
    UNKNOWN("", null);

    private final String wire;
    private final Class<? extends RunnerMessage> messageClass;

    MessageType(String wire, Class<? extends RunnerMessage> messageClass) {
        this.wire = wire;
        this.messageClass = messageClass;
    }

    /** The header's "type" value. */
    public String wire() {
        return wire;
    }

    Class<? extends RunnerMessage> messageClass() {
        return messageClass;
    }

    /** The type of a header's "type" value; {@link #UNKNOWN} for a name this build does not know. */
    public static MessageType ofWire(String name) {
        for (MessageType t : values()) {
            if (t != UNKNOWN && t.wire.equals(name)) {
                return t;
            }
        }
        return UNKNOWN;
    }

    /** The type whose record {@code message} is. */
    public static MessageType of(RunnerMessage message) {
        for (MessageType t : values()) {
            if (t.messageClass != null && t.messageClass.isInstance(message)) {
                return t;
            }
        }
        throw new IllegalArgumentException("not a job protocol message: " + message);
    }
}
