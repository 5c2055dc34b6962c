package studio.mobilei2v.studio.clip;

/** Where a clip stands; the timeline shows it as a badge. */
public enum ClipStatus {
    NEW("not generated"), RUNNING("generating"), DONE("done"), CANCELLED("cancelled"), FAILED("failed"),
    RESTORED("restored from file");

    private final String label;

    ClipStatus(String label) { this.label = label; }

    public String label() { return label; }
}
