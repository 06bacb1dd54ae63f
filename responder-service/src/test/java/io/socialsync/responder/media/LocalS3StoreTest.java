package io.socialsync.responder.media;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.robothy.s3.rest.LocalS3;
import com.robothy.s3.rest.bootstrap.LocalS3Mode;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.testsupport.RealServersResource;

/**
 * The S3 store against an S3-compatible server that runs in this JVM: Robothy's local-s3 (Maven Central
 * {@code io.github.robothy:local-s3-rest}, in memory). It does not check signatures, so the 403 of an expired or
 * altered presigned link is the real bucket's to give and is not tested here.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class LocalS3StoreTest extends S3StoreContract {

    private static LocalS3 server;
    private static int port;

    @BeforeAll
    static void startServer() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        server = LocalS3.builder().port(port).mode(LocalS3Mode.IN_MEMORY).build();
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.shutdown();
    }

    @Override
    String endpoint() {
        return "http://localhost:" + port;
    }

    @Override
    String accessKey() {
        return "local";
    }

    @Override
    String secretKey() {
        return "local-secret";
    }
}
