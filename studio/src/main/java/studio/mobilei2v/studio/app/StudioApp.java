package studio.mobilei2v.studio.app;

import javafx.application.Application;
import javafx.stage.Stage;
import studio.mobilei2v.studio.engine.StudioGenerators;
import studio.mobilei2v.studio.store.StudioPaths;
import studio.mobilei2v.studio.targets.AdbServerSetting;
import studio.mobilei2v.studio.targets.BridgeDeviceSource;

/** The JavaFX application. Start it through {@link studio.mobilei2v.studio.StudioLauncher} (a plain main). */
public final class StudioApp extends Application {
    private StudioController studio;

    @Override
    public void start(Stage stage) {
        // the device list and device runs follow the adb server setting (Devices > ADB server…)
        AdbServerSetting adb = AdbServerSetting.load(StudioPaths.configDir().resolve("devices.json"));
        studio = new StudioController(new StudioGenerators(adb.opener()), new BridgeDeviceSource(adb.opener()), adb);
        stage.setScene(studio.createScene());
        studio.attach(stage);
        stage.show();
        // "mobilei2v studio a.jpg b.png [--generate]": open pictures as clips, optionally generate the first
        java.util.List<String> args = getParameters().getRaw();
        studio.openAtStart(args.stream().filter(a -> !a.startsWith("--")).map(java.nio.file.Path::of).toList(),
                args.contains("--generate"));
    }

    @Override
    public void stop() {
        if (studio != null) studio.close();
    }
}
