package io.socialsync.responder.knowledge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.responder.ai.KnowledgeSearch;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The embeddings half of hybrid retrieval: the OpenAI-compatible client, and the rule that without the pgvector
 * column (this machine) the endpoint is never asked and full-text retrieval carries on.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(EmbeddingsMock.class)
class EmbeddingsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    KnowledgeEmbeddings embeddings;

    @Inject
    KnowledgeSearch search;

    @Inject
    Pool pool;

    @BeforeEach
    void resetMock() {
        EmbeddingsMock.server().resetAll();
    }

    @Test
    void theClientSpeaksTheOpenAiEmbeddingsApi() {
        // Answers out of order on purpose: the client puts vectors back in input order by their index.
        EmbeddingsMock.server().stubFor(post(urlPathEqualTo("/v1/embeddings"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"object":"list","model":"test-embedder","data":[
                          {"object":"embedding","index":1,"embedding":[0.5,-1.0]},
                          {"object":"embedding","index":0,"embedding":[0.25,2.0]}]}""")));

        Optional<List<String>> vectors = embeddings.embed(List.of("first passage", "second passage")).await()
                .atMost(WAIT);

        assertEquals(Optional.of(List.of("[0.25,2.0]", "[0.5,-1.0]")), vectors);
        EmbeddingsMock.server().verify(1, postRequestedFor(urlPathEqualTo("/v1/embeddings"))
                .withHeader("Authorization", equalTo("Bearer " + EmbeddingsMock.API_KEY))
                .withRequestBody(equalToJson("""
                        {"model":"test-embedder","input":["first passage","second passage"]}""")));
    }

    @Test
    void aFailingOrIncompleteEndpointMeansNoVectorsNotAnError() {
        EmbeddingsMock.server().stubFor(post(urlPathEqualTo("/v1/embeddings"))
                .willReturn(aResponse().withStatus(500)));
        assertEquals(Optional.empty(), embeddings.embed(List.of("a")).await().atMost(WAIT));

        EmbeddingsMock.server().stubFor(post(urlPathEqualTo("/v1/embeddings"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":[{\"index\":0,\"embedding\":[1.0]}]}")));
        assertEquals(Optional.empty(), embeddings.embed(List.of("a", "b")).await().atMost(WAIT),
                "one vector for two texts is refused");
    }

    @Test
    void withoutPgvectorTheEndpointIsNeverAskedAndFullTextCarriesOn() {
        boolean column = pool.query("""
                SELECT EXISTS (SELECT 1 FROM information_schema.columns
                               WHERE table_name = 'knowledge_chunks' AND column_name = 'embedding')""")
                .execute().await().atMost(WAIT).iterator().next().getBoolean(0);
        assumeFalse(column, "this database has pgvector: the hybrid path applies instead");
        assertEquals(false, embeddings.enabled().await().atMost(WAIT));

        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool);
        tenant.asTenant().contentType(ContentType.JSON)
                .body("{\"title\":\"Care\",\"kind\":\"text\",\"content\":\"Our mugs are dishwasher safe.\"}")
                .when().post("/admin/knowledge/documents").then().statusCode(201);
        assertEquals(List.of("Our mugs are dishwasher safe."),
                search.passages(tenant.id(), "dishwasher?", 3).await().atMost(WAIT));
        EmbeddingsMock.server().verify(0, postRequestedFor(urlPathEqualTo("/v1/embeddings")));
    }
}
