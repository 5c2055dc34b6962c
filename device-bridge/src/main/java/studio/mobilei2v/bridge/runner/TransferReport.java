package studio.mobilei2v.bridge.runner;

/**
 * Time spent moving data between this computer and the device, kept apart from the device's own
 * {@code RunReport} (whose times are all measured on the device).
 *
 * @param filesSent     files pushed during setup (runner jars, bundle files)
 * @param filesCached   files already on the device with the right SHA-256
 * @param bytesSent     bytes pushed during setup
 * @param setupMs       pushing, laying out the bundle, starting the runner and waiting for it to load
 * @param pushMs        the push part of setupMs
 * @param runBytesUp    bytes sent for the last job (parameters + image)
 * @param runBytesDown  bytes received for the last job (events + frames)
 * @param runHostMs     the last job as seen from this computer, send to report
 * @param runDeviceMs   the device's own totalMs for that job
 * @param runTransferMs runHostMs - runDeviceMs: the link and protocol overhead of the job
 */
public record TransferReport(int filesSent, int filesCached, long bytesSent, double setupMs, double pushMs,
                             long runBytesUp, long runBytesDown, double runHostMs, double runDeviceMs,
                             double runTransferMs) {
    /** This report with the figures of a finished job. */
    public TransferReport withRun(long up, long down, double hostMs, double deviceMs) {
        return new TransferReport(filesSent, filesCached, bytesSent, setupMs, pushMs, up, down, hostMs, deviceMs,
                Math.max(0, hostMs - deviceMs));
    }
}
