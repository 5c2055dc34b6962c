package studio.mobilei2v.studio.app;

import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import studio.mobilei2v.studio.store.WindowState;

import java.util.List;

/**
 * Where the window opens: on the screen its remembered position is on (else the primary one),
 * never larger than that screen's usable area, and moved so the whole window - Export button and
 * right panel included - is on it. A size remembered on a big monitor still fits a 1366x768 laptop.
 */
public final class WindowPlacement {
    /** Below this the layout stops being usable; smaller screens get the whole screen. */
    static final double MIN_WIDTH = 1000;
    static final double MIN_HEIGHT = 640;

    private WindowPlacement() {
    }

    public record Placement(double x, double y, double width, double height) {
    }

    /** Usable areas (without panels and docks) of the screens, primary first. */
    public static List<Rectangle2D> screens() {
        Rectangle2D primary = Screen.getPrimary().getVisualBounds();
        java.util.ArrayList<Rectangle2D> out = new java.util.ArrayList<>(List.of(primary));
        for (Screen s : Screen.getScreens()) if (!s.getVisualBounds().equals(primary)) out.add(s.getVisualBounds());
        return out;
    }

    public static Placement place(WindowState w, List<Rectangle2D> screens) {
        Rectangle2D screen = screens.get(0);
        boolean hasPosition = !Double.isNaN(w.x()) && !Double.isNaN(w.y());
        if (hasPosition) {
            for (Rectangle2D s : screens) if (s.contains(w.x() + 40, w.y() + 10)) { screen = s; break; }
        }
        double width = Math.min(Math.max(w.width(), Math.min(MIN_WIDTH, screen.getWidth())), screen.getWidth());
        double height = Math.min(Math.max(w.height(), Math.min(MIN_HEIGHT, screen.getHeight())), screen.getHeight());
        double x = hasPosition ? w.x() : screen.getMinX() + (screen.getWidth() - width) / 2;
        double y = hasPosition ? w.y() : screen.getMinY() + (screen.getHeight() - height) / 2;
        x = Math.max(screen.getMinX(), Math.min(x, screen.getMaxX() - width));
        y = Math.max(screen.getMinY(), Math.min(y, screen.getMaxY() - height));
        return new Placement(x, y, width, height);
    }
}
