package io.socialsync.responder.knowledge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.responder.admin.AdminFixtures.Tenant;
import io.socialsync.responder.ai.KnowledgeSearch;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The knowledge admin API over real PostgreSQL: round trip, validation, tenant isolation, retrieval. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class KnowledgeAdminTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    KnowledgeSearch search;

    private static String json(Map<String, Object> body) {
        return io.socialsync.model.JsonCodec.encode(body);
    }

    private static JsonPath addDocument(Tenant tenant, String title, String kind, String content) {
        return tenant.asTenant().contentType(ContentType.JSON)
                .body(json(Map.of("title", title, "kind", kind, "content", content)))
                .when().post("/admin/knowledge/documents")
                .then().statusCode(201).contentType(ContentType.JSON).extract().jsonPath();
    }

    private long storedChunks(UUID documentId) {
        return pool.preparedQuery("SELECT count(*) FROM knowledge_chunks WHERE document_id = $1")
                .execute(Tuple.of(documentId)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void createListGetDeleteRoundTrip() {
        Tenant tenant = AdminFixtures.tenant(pool);
        String body = IntStream.range(0, 40).mapToObj(i -> "Parcels to zone " + i + " arrive within three days.")
                .collect(Collectors.joining(" "));
        String markdown = "# Shipping\n\n" + body + "\n\n# Returns\n\nReturns are free within 30 days.\n";

        var created = tenant.asTenant().contentType(ContentType.JSON)
                .body(json(Map.of("title", "  Shipping and returns ", "kind", "markdown", "content", markdown)))
                .when().post("/admin/knowledge/documents")
                .then().statusCode(201)
                .header("Location", containsString("/admin/knowledge/documents/"))
                .body("title", equalTo("Shipping and returns"))
                .body("kind", equalTo("markdown"))
                .body("chunks.size()", greaterThan(2))
                .extract().jsonPath();
        UUID id = UUID.fromString(created.getString("id"));
        List<String> chunks = created.getList("chunks.content");
        assertTrue(chunks.stream().allMatch(chunk -> chunk.length() <= 1000), "chunks of at most 1000 characters");
        assertTrue(chunks.get(0).startsWith("Shipping\n\n"), "the heading goes with its section");
        assertEquals("Returns\n\nReturns are free within 30 days.", chunks.get(chunks.size() - 1));
        assertEquals(chunks.size(), storedChunks(id), "every chunk is in knowledge_chunks");

        tenant.asTenant().when().get("/admin/knowledge/documents").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(id.toString()))
                .body("items[0].chunks", equalTo(chunks.size()))
                .body("items[0].kind", equalTo("markdown"));

        tenant.asTenant().when().get("/admin/knowledge/documents/{id}", id).then().statusCode(200)
                .body("content", equalTo(markdown))
                .body("chunks.content", equalTo(chunks))
                .body("chunks.position", equalTo(IntStream.range(0, chunks.size()).boxed().toList()));

        tenant.asTenant().when().delete("/admin/knowledge/documents/{id}", id).then().statusCode(204);
        tenant.asTenant().when().get("/admin/knowledge/documents/{id}", id).then().statusCode(404)
                .contentType("application/problem+json");
        tenant.asTenant().when().delete("/admin/knowledge/documents/{id}", id).then().statusCode(404);
        assertEquals(0, storedChunks(id), "the chunks went with the document");
        tenant.asTenant().when().get("/admin/knowledge/documents").then().body("total", equalTo(0));
    }

    @Test
    void anFaqEntryIsOneChunk() {
        Tenant tenant = AdminFixtures.tenant(pool);
        tenant.asTenant().contentType(ContentType.JSON)
                .body(json(Map.of("question", "Do you ship abroad?", "answer", "Yes, to every EU country.")))
                .when().post("/admin/knowledge/faq")
                .then().statusCode(201)
                .body("kind", equalTo("faq"))
                .body("title", equalTo("Do you ship abroad?"))
                .body("chunks.content", equalTo(List.of("Q: Do you ship abroad?\nA: Yes, to every EU country.")));
    }

    @Test
    void documentsArePagedNewestFirst() {
        Tenant tenant = AdminFixtures.tenant(pool);
        for (String title : List.of("one", "two", "three")) {
            addDocument(tenant, title, "text", "Text of " + title);
        }
        tenant.asTenant().queryParam("size", 2).when().get("/admin/knowledge/documents").then().statusCode(200)
                .body("total", equalTo(3)).body("size", equalTo(2))
                .body("items.title", equalTo(List.of("three", "two")));
        tenant.asTenant().queryParam("size", 2).queryParam("page", 1).when().get("/admin/knowledge/documents")
                .then().statusCode(200).body("items.title", equalTo(List.of("one")));
    }

    @Test
    void invalidRequestsAreClear400s() {
        Tenant tenant = AdminFixtures.tenant(pool);
        tenant.asTenant().contentType(ContentType.JSON)
                .body(json(Map.of("title", "", "kind", "pdf", "content", "  ")))
                .when().post("/admin/knowledge/documents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", equalTo(List.of("content", "kind", "title")))
                .body("violations.find { it.field == 'kind' }.message", equalTo("must be text or markdown"));
        tenant.asTenant().contentType(ContentType.JSON)
                .body(json(Map.of("title", "big", "kind", "text", "content", "x".repeat(200_001))))
                .when().post("/admin/knowledge/documents")
                .then().statusCode(400).body("violations.field", equalTo(List.of("content")));
        tenant.asTenant().contentType(ContentType.JSON)
                .body(json(Map.of("title", "t".repeat(201), "kind", "text", "content", "fine")))
                .when().post("/admin/knowledge/documents")
                .then().statusCode(400).body("violations.field", equalTo(List.of("title")));
        tenant.asTenant().contentType(ContentType.JSON).body(json(Map.of("question", "Why?")))
                .when().post("/admin/knowledge/faq")
                .then().statusCode(400).body("violations.field", equalTo(List.of("answer")));
        tenant.asTenant().contentType(ContentType.JSON).body("{\"title\": ")
                .when().post("/admin/knowledge/documents")
                .then().statusCode(400).contentType("application/problem+json");
        tenant.asTenant().contentType(ContentType.JSON)
                .when().post("/admin/knowledge/documents")
                .then().statusCode(400).contentType("application/problem+json");
        tenant.asTenant().queryParam("size", 0).when().get("/admin/knowledge/documents")
                .then().statusCode(400).body("violations.field", equalTo(List.of("size")));
        tenant.asTenant().queryParam("size", 101).when().get("/admin/knowledge/documents")
                .then().statusCode(400).body("violations.field", equalTo(List.of("size")));
        tenant.asTenant().when().get("/admin/knowledge/documents").then().body("total", equalTo(0));
    }

    @Test
    void aTenantSeesAndChangesOnlyItsOwnKnowledge() {
        Tenant a = AdminFixtures.tenant(pool);
        Tenant b = AdminFixtures.tenant(pool);
        JsonPath bDocument = addDocument(b, "B's secret price list", "text", "Premium plan costs 99 EUR.");
        String bId = bDocument.getString("id");
        addDocument(a, "A's hours", "text", "We open at nine.");

        a.asTenant().when().get("/admin/knowledge/documents").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items.title", equalTo(List.of("A's hours")))
                .body("items.id", not(hasItem(bId)));
        a.asTenant().when().get("/admin/knowledge/documents/{id}", bId).then().statusCode(404)
                .contentType("application/problem+json");
        a.asTenant().when().delete("/admin/knowledge/documents/{id}", bId).then().statusCode(404);

        // B's document is untouched, chunks and all.
        b.asTenant().when().get("/admin/knowledge/documents/{id}", bId).then().statusCode(200)
                .body("title", equalTo("B's secret price list"))
                .body("content", equalTo("Premium plan costs 99 EUR."))
                .body("chunks.content", equalTo(List.of("Premium plan costs 99 EUR.")));
        assertEquals(1, storedChunks(UUID.fromString(bId)));
        b.asTenant().when().get("/admin/knowledge/documents").then().body("total", equalTo(1));
    }

    @Test
    void aDocumentAddedThroughTheApiIsFoundForItsTenantOnly() {
        Tenant owner = AdminFixtures.tenant(pool);
        Tenant other = AdminFixtures.tenant(pool);
        addDocument(owner, "Care", "markdown", """
                # Care instructions

                Our ceramic mugs are dishwasher safe but not microwave safe.

                # Delivery

                Orders ship within two working days.
                """);
        addDocument(other, "Noise", "text", "Unrelated text about bicycles.");

        List<String> found = search.passages(owner.id(), "can I put the mug in the dishwasher?", 3).await()
                .atMost(WAIT);
        assertEquals("Care instructions\n\nOur ceramic mugs are dishwasher safe but not microwave safe.",
                found.get(0));
        assertEquals(List.of(), search.passages(other.id(), "can I put the mug in the dishwasher?", 3).await()
                .atMost(WAIT), "another tenant's knowledge is never found");
    }

    @Test
    void theOpenApiDocumentListsTheOperations() {
        JsonPath openapi = given().when().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        assertEquals(java.util.Set.of("post", "get"), paths.get("/admin/knowledge/documents").keySet());
        assertEquals(java.util.Set.of("get", "delete"), paths.get("/admin/knowledge/documents/{id}").keySet());
        assertEquals(java.util.Set.of("post"), paths.get("/admin/knowledge/faq").keySet());
        assertEquals(java.util.Set.of("post", "get"), paths.get("/admin/tenants/{slug}/api-keys").keySet());
        assertEquals(java.util.Set.of("delete"), paths.get("/admin/tenants/{slug}/api-keys/{id}").keySet());
        assertEquals(java.util.Set.of("post", "get"), paths.get("/admin/api-keys").keySet());
        assertEquals(java.util.Set.of("delete"), paths.get("/admin/api-keys/{id}").keySet());
        given().when().get("/q/openapi?format=json").then()
                .body("paths.'/admin/knowledge/documents'.post.summary", containsString("document"))
                .body("components.securitySchemes.keySet()", hasItems("bearer", "apiKey"))
                .body("components.securitySchemes.apiKey.name", equalTo("X-Api-Key"))
                .body("components.schemas.NewDocument.properties.content.maxLength", lessThanOrEqualTo(200_000));
    }
}
