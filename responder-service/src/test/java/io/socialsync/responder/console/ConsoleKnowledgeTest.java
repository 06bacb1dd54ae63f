package io.socialsync.responder.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;

/** The knowledge base in the console, and "try it" in the console and the admin API. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class ConsoleKnowledgeTest {

    @Inject
    Pool pool;

    @Test
    void anFaqAddedInTheConsoleAnswersTheTryItBoxWithItsPassage() {
        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool);
        ConsoleClient console = ConsoleClient.forTenant(tenant.slug());

        console.changing().formParam("question", "Do you repair kayaks?")
                .formParam("answer", "Yes, kayak repairs take three days at the Harbour Lane workshop.").when()
                .post("/console/knowledge/faq").then().statusCode(200)
                .body(containsString("data-notice=\"added\"")).body(containsString("Do you repair kayaks?"));

        console.changing().formParam("question", "how long does a kayak repair take?").when()
                .post("/console/knowledge/try").then().statusCode(200)
                .body(containsString("id=\"try-answer\"")).body(containsString("three days"))
                .body(containsString("id=\"try-passages\"")).body(not(containsString("try-needs-human")));
        console.changing().formParam("question", "zorblax quuxification").when().post("/console/knowledge/try")
                .then().statusCode(200).body(containsString("id=\"try-needs-human\""))
                .body(containsString("id=\"try-no-passage\""));
    }

    @Test
    void aDocumentIsAddedUploadedListedAndDeleted() {
        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool);
        ConsoleClient console = ConsoleClient.forTenant(tenant.slug());

        console.changing().formParam("title", "Shipping").formParam("kind", "markdown")
                .formParam("content", "# Shipping\n\nWe ship to the whole of Europe in two days.").when()
                .post("/console/knowledge/documents").then().statusCode(200).body(containsString(">Shipping<"));
        console.changing().multiPart("file", "returns.md",
                "# Returns\n\nReturns are free for 30 days.".getBytes(StandardCharsets.UTF_8), "text/markdown").when()
                .post("/console/knowledge/upload").then().statusCode(200).body(containsString(">returns<"));
        console.changing().multiPart("file", "photo.png", new byte[]{1, 2, 3}, "image/png").when()
                .post("/console/knowledge/upload").then().statusCode(200)
                .body(containsString("data-notice=\"invalid_file\""));

        String id = tenant.asTenant().when().get("/admin/knowledge/documents").then().statusCode(200)
                .body("items.title", hasItem("returns")).extract().jsonPath()
                .getString("items.find { it.title == 'returns' }.id");
        console.changing().when().delete("/console/knowledge/documents/{id}", id).then().statusCode(200)
                .body(containsString("data-notice=\"deleted\"")).body(not(containsString(">returns<")));
        console.reading().when().get("/console/knowledge").then().statusCode(200).body(containsString(">Shipping<"));
    }

    @Test
    void theAdminApiTriesAQuestionWithoutSendingAnything() {
        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool);
        tenant.asTenant().contentType(ContentType.JSON)
                .body("{\"question\":\"When is the bakery open?\",\"answer\":\"The bakery opens at 6 every morning.\"}")
                .when().post("/admin/knowledge/faq").then().statusCode(201);

        tenant.asTenant().contentType(ContentType.JSON).body("{\"question\":\"what time does the bakery open?\"}")
                .when().post("/admin/knowledge/try").then().statusCode(200)
                .body("answer", containsString("opens at 6")).body("needsHuman", is(false))
                .body("passages[0]", containsString("opens at 6"));
        tenant.asTenant().contentType(ContentType.JSON).body("{\"question\":\" \"}").when()
                .post("/admin/knowledge/try").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"question\":\"hello\"}").when().post("/admin/knowledge/try")
                .then().statusCode(401);
    }
}
