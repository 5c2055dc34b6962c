package studio.mobilei2v.studio.menu;

import java.nio.file.Path;

/** What the menu bar's items do; the studio controller implements it by calling the features. */
public interface MenuActions {
    void addPictures();
    void paste();
    void openRecent(Path file);
    void export();
    void quit();
    void undo();
    void redo();
    void deleteSelected();
    void generate();
    void generateAll();
    void generateAllOnDevices();
    void compareDevices();
    void adbServer();
    void cancel();
    void showTab(String name);
    void showShortcuts();
    void showAbout();
}
