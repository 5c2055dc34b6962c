package studio.mobilei2v.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Starts the JavaFX studio by class name, so the command line compiles and runs (generate, info)
 * whether or not the GUI is part of the build, and so JavaFX on the class path works: the class
 * that {@code java} launches is this plain one, not an Application subclass.
 */
final class GuiLauncher {

    static final String STUDIO_APP = "studio.mobilei2v.studio.StudioApp";
    /** Returned when the GUI took over: main must not call System.exit. */
    static final int STILL_RUNNING = Integer.MIN_VALUE;

    private GuiLauncher() {
    }

    static int launch(String[] args, PrintWriter err) {
        String noDisplay = missingDisplay();
        if (noDisplay != null) {
            err.println("mobilei2v: cannot open the studio: " + noDisplay
                    + "; the command line works without one (mobilei2v --help)");
            err.flush();
            return ExitCodes.FAILED;
        }
        Class<?> app;
        try {
            app = Class.forName(STUDIO_APP);
        } catch (ClassNotFoundException e) {
            err.println("mobilei2v: the studio (" + STUDIO_APP + ") is not part of this build; use"
                    + " `mobilei2v generate` or `mobilei2v info`");
            err.flush();
            return ExitCodes.FAILED;
        }
        try {
            if (!isApplication(app)) {
                Method main = app.getMethod("main", String[].class);
                if (!Modifier.isStatic(main.getModifiers())) {
                    throw new NoSuchMethodException("main is not static");
                }
                main.invoke(null, (Object) args);
            } else {
                // Application.launch blocks until the last window closes.
                Class<?> application = Class.forName("javafx.application.Application");
                application.getMethod("launch", Class.class, String[].class).invoke(null, app, args);
            }
            // The JVM ends by itself when the last window closes and JavaFX exits.
            return STILL_RUNNING;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            err.println("mobilei2v: the studio failed to start: " + MobileI2VCommand.oneLine(String.valueOf(
                    cause.getMessage() == null ? cause : cause.getMessage())));
            err.flush();
            return ExitCodes.FAILED;
        } catch (ReflectiveOperationException | LinkageError e) {
            err.println("mobilei2v: cannot start the studio: " + MobileI2VCommand.oneLine(e.toString()));
            err.flush();
            return ExitCodes.FAILED;
        }
    }

    private static boolean isApplication(Class<?> app) {
        for (Class<?> c = app; c != null; c = c.getSuperclass()) {
            if (c.getName().equals("javafx.application.Application")) {
                return true;
            }
        }
        return false;
    }

    /** Why no window can open here, or null. Headless test runs (Monocle) are allowed through. */
    static String missingDisplay() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return null;
        }
        if ("Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))) {
            return null;
        }
        String x = System.getenv("DISPLAY");
        String wayland = System.getenv("WAYLAND_DISPLAY");
        if ((x == null || x.isBlank()) && (wayland == null || wayland.isBlank())) {
            return "no display (DISPLAY is not set)";
        }
        return null;
    }
}
