package studio.mobilei2v.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The root command: help, version, unknown commands, and the conditional devices command. */
class RootCommandTest {

    @Test
    void helpListsTheCommands() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.code(), r.toString());
        for (String c : new String[] {"generate", "batch", "info", "studio", "bench"}) {
            assertTrue(r.out().contains(c), "help mentions " + c + ": " + r.out());
        }
    }

    @Test
    void unknownCommandIsBadInputInOneLine() {
        Cli r = Cli.run("frobnicate");
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
    }

    @Test
    void devicesCommandFromTheBridgeIsRegistered() {
        assertTrue(MobileI2VCommand.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter())).getSubcommands().containsKey("devices"));
    }
}
