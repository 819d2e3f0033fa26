package io.chaperone.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts a {@link TcpFaultProxy} in front of the test PostgreSQL and points ONLY the reactive pool at it
 * (Flyway keeps its direct JDBC URL). Tests get the proxy in a field of type {@link TcpFaultProxy}.
 * Use it through a {@code QuarkusTestProfile} whose {@code testResources()} names this class.
 */
public class DatabaseFaultResource implements QuarkusTestResourceLifecycleManager {

    private TcpFaultProxy proxy;

    @Override
    public Map<String, String> start() {
        proxy = new TcpFaultProxy(5432).start();
        String database = System.getenv().getOrDefault("CHAPERONE_TEST_DB", "chaperone_test");
        return pointAt("postgresql://127.0.0.1:" + proxy.port() + "/" + database);
    }

    /** The configuration that sends a pool through the proxy at {@code url}: here the application's reactive pool. */
    protected Map<String, String> pointAt(String url) {
        // Both spellings: a %test-prefixed value in application.properties must not win over the proxy.
        return Map.of("quarkus.datasource.reactive.url", url, "%test.quarkus.datasource.reactive.url", url);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(proxy, new TestInjector.MatchesType(TcpFaultProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
