package studio.mobilei2v.studio.targets;

import java.util.ArrayList;
import java.util.List;

/** Builds the run-target switch's entries from a device snapshot: this computer first, then devices or the honest placeholder. */
public final class TargetList {
    private TargetList() {
    }

    public static List<RunTarget> entries(DeviceSource.Snapshot snapshot) {
        List<RunTarget> out = new ArrayList<>();
        out.add(RunTarget.LOCAL);
        if (snapshot == null) {
            out.add(RunTarget.noDevice("looking for devices…"));
        } else if (snapshot.devices().isEmpty()) {
            out.add(RunTarget.noDevice(snapshot.problem() != null ? snapshot.problem() : "adb: no device attached"));
        } else {
            out.addAll(snapshot.devices());
        }
        return out;
    }
}
