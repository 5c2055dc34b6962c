package studio.mobilei2v.studio;

import javafx.application.Application;

/**
 * Plain main for the studio: JavaFX loaded from the class path (not as modules) refuses to start
 * when the main class itself extends Application, so this class only calls Application.launch.
 */
public final class StudioLauncher {
    private StudioLauncher() {
    }

    public static void main(String[] args) {
        Application.launch(studio.mobilei2v.studio.app.StudioApp.class, args);
    }
}
