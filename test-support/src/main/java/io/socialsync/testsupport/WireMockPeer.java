package io.socialsync.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An outside HTTP peer we do not run (the Graph API, an LLM, an embeddings endpoint), played by WireMock on a dynamic
 * port: one server per peer and test JVM, started at first use and stopped with the JVM, like the database. A subclass
 * says which properties point the service at it; tests reach the server through the subclass's own static accessor,
 * which calls {@link #server(Class, Consumer)} with the same standing stubs as the subclass's constructor, so the
 * server has them whichever comes first, the test or Quarkus starting the resource.
 */
public abstract class WireMockPeer implements QuarkusTestResourceLifecycleManager {

    private static final Map<Class<? extends WireMockPeer>, WireMockServer> SERVERS = new ConcurrentHashMap<>();

    private final Consumer<WireMockServer> standingStubs;

    /** A peer whose tests add all the stubs. */
    protected WireMockPeer() {
        this(server -> {
        });
    }

    /** @param standingStubs stubs every test of the peer relies on, added once when its server starts */
    protected WireMockPeer(Consumer<WireMockServer> standingStubs) {
        this.standingStubs = standingStubs;
    }

    /**
     * The server playing {@code peer}, started on a free port at the first call.
     *
     * @param standingStubs stubs every test of the peer relies on, added once when the server starts
     */
    protected static WireMockServer server(Class<? extends WireMockPeer> peer, Consumer<WireMockServer> standingStubs) {
        return SERVERS.computeIfAbsent(peer, key -> {
            WireMockServer server = new WireMockServer(options().dynamicPort());
            server.start();
            standingStubs.accept(server);
            return server;
        });
    }

    /** The server playing {@code peer}, without standing stubs: the tests add theirs. */
    protected static WireMockServer server(Class<? extends WireMockPeer> peer) {
        return server(peer, server -> {
        });
    }

    /** The properties that point the service at {@code baseUrl}, this peer's server. */
    protected abstract Map<String, String> properties(String baseUrl);

    @Override
    public final Map<String, String> start() {
        return properties(server(getClass(), standingStubs).baseUrl());
    }

    @Override
    public void stop() {
        // One server per peer and test JVM: stopped with the JVM.
    }
}
