package io.socialsync.responder.media;

import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.testsupport.RealServersResource;

/** The S3 store against MinIO in a container: runs wherever a Docker engine exists, skipped (not failed) elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class MinioS3StoreTest extends S3StoreContract {

    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2025-04-22T22-12-26Z");

    @Override
    String endpoint() {
        return MINIO.getS3URL();
    }

    @Override
    String accessKey() {
        return MINIO.getUserName();
    }

    @Override
    String secretKey() {
        return MINIO.getPassword();
    }
}
