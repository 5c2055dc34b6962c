package studio.mobilei2v.studio.export;

/** Which picture an export carries so that dropping the file back restores the clip. */
public enum SourceEmbedding {
    /** No picture: the file still carries the generation parameters, but cannot give the clip's picture back. */
    NONE("No source picture"),
    /** A JPEG copy at most {@link EmbeddedSource#MAX_SIDE} px on its long side, or the original file when that is smaller. */
    COMPACT("Compact copy (JPEG, at most 1280 px; the original when smaller)"),
    /** The original file, byte for byte. */
    ORIGINAL("The original picture, byte for byte");

    private final String label;

    SourceEmbedding(String label) { this.label = label; }

    public String label() { return label; }
}
