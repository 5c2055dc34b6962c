package studio.mobilei2v.studio;

/**
 * The studio's GUI entry point under the name the launcher uses. With JavaFX on the class path,
 * the JVM's main class must not extend Application, so this delegates to {@link StudioLauncher}.
 */
public final class StudioApp {
    private StudioApp() {
    }

    public static void main(String[] args) {
        StudioLauncher.main(args);
    }
}
