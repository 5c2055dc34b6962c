package studio.mobilei2v.studio.engine;

/**
 * Where a run is: the stage in the user's words ("denoise step 1/2", "decode frame 5/17") and the
 * fraction done, weighted by how long each stage took last time.
 */
public record RunProgress(String stage, double fraction) {
}
