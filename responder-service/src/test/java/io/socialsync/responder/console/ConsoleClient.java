package io.socialsync.responder.console;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.http.Cookie;
import io.restassured.specification.RequestSpecification;
import io.socialsync.responder.admin.AdminFixtures;

/** A browser's side of a console session in HTTP tests: its cookie, and its CSRF token for htmx requests. */
record ConsoleClient(Cookie session, String csrf) {

    /** Signs in with a key the operator makes for the tenant {@code slug}. */
    static ConsoleClient forTenant(String slug) {
        String key = given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"console test\"}").when().post("/admin/tenants/{slug}/api-keys", slug)
                .then().statusCode(201).extract().jsonPath().getString("key");
        Cookie session = given().redirects().follow(false).formParam("key", key).when().post("/console/sign-in")
                .then().statusCode(303).extract().detailedCookie(ConsoleSessionAuthenticationMechanism.COOKIE);
        String page = given().cookie(session).when().get("/console/inbox").then().statusCode(200).extract().asString();
        return new ConsoleClient(session, ConsoleSessionTest.csrfOf(page));
    }

    /** A page or fragment read. */
    RequestSpecification reading() {
        return given().cookie(session).redirects().follow(false);
    }

    /** A state-changing request as htmx sends it. */
    RequestSpecification changing() {
        return given().cookie(session).redirects().follow(false).header(ConsoleCsrfFilter.HEADER, csrf)
                .header("HX-Request", "true");
    }
}
