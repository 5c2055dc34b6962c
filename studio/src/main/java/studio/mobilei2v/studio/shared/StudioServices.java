package studio.mobilei2v.studio.shared;

import studio.mobilei2v.studio.app.StudioController;
import studio.mobilei2v.studio.messages.Messages;
import studio.mobilei2v.studio.engine.GeneratorCache;
import studio.mobilei2v.studio.store.HistoryStore;
import studio.mobilei2v.studio.task.LatestTaskWins;
import studio.mobilei2v.studio.task.TaskExecutor;
import studio.mobilei2v.studio.targets.DeviceSource;

import java.nio.file.Path;

/**
 * The long-lived services the controllers share, made once by {@link StudioController}.
 *
 * @param sourcesDir where pictures that exist only in memory are saved as PNG (an extended clip's
 *                   last frame, a source restored from an exported video), so every clip has a file
 */
public record StudioServices(TaskExecutor executor, LatestTaskWins latest, Messages messages, HistoryStore history,
                             GeneratorCache generators, DeviceSource devices, Path sourcesDir) {
}
