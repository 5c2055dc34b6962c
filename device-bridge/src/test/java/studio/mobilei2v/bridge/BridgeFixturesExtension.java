package studio.mobilei2v.bridge;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Gives a test a fresh {@link BridgeFixtures} (the private adb server, a bridge on it, devices
 * stored in a temporary folder) as a constructor or method parameter, one per test method, and
 * closes it and removes the folder after the test. Without adb the test is skipped (failed under
 * MOBILEI2V_CI=1), see {@link studio.mobilei2v.bridge.fixture.TestAdbServer#requireAdb()}.
 *
 * <pre>
 * &#64;ExtendWith(BridgeFixturesExtension.class)
 * class SomeTest {
 *     private final BridgeFixtures fx;
 *     SomeTest(BridgeFixtures fx) { this.fx = fx; }
 * </pre>
 */
public final class BridgeFixturesExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BridgeFixturesExtension.class);

    /** Constructor parameters are resolved in the test method's context, so every test gets its own fixtures. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == BridgeFixtures.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("BridgeFixtures are made per test method, not for a whole class");
        }
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Open.class, k -> open(), Open.class).fixtures;
    }

    private static Open open() {
        try {
            Path dir = Files.createTempDirectory("mobilei2v-bridge-fixtures");
            return new Open(new BridgeFixtures(dir), dir);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ParameterResolutionException("could not start the bridge fixtures: " + e, e);
        }
    }

    /** Closed by JUnit when the test method's context closes. */
    private record Open(BridgeFixtures fixtures, Path dir) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                fixtures.close();
            } finally {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a leftover temporary folder is harmless
                }
            }
        }
    }
}
