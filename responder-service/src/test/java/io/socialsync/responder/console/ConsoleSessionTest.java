package io.socialsync.responder.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Signing in to the console, its session cookie, CSRF, signing out, and the language. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class ConsoleSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern CSRF = Pattern.compile("\"X-CSRF-Token\": \"([^\"]+)\"");

    @Inject
    Pool pool;

    @Test
    void aPageWithoutASessionSendsToTheSignInPage() {
        given().redirects().follow(false).when().get("/console/inbox").then().statusCode(303)
                .header("Location", endsWith("/console/sign-in"));
        given().redirects().follow(false).cookie(ConsoleSessionAuthenticationMechanism.COOKIE, "not-a-session")
                .when().get("/console/inbox").then().statusCode(303).header("Location", endsWith("/console/sign-in"));
        given().redirects().follow(false).header("HX-Request", "true").when().get("/console/inbox/list").then()
                .statusCode(401).header("HX-Redirect", "/console/sign-in");
    }

    @Test
    void aWrongKeyOpensNothing() {
        given().redirects().follow(false).formParam("key", "ssk_wrong").when().post("/console/sign-in").then()
                .statusCode(401).header("Set-Cookie", org.hamcrest.Matchers.nullValue())
                .body(containsString("id=\"sign-in-error\""));
    }

    @Test
    void aTenantKeyOpensASessionKeptServerSideBehindAnHttpOnlyStrictCookie() {
        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool);
        Response signedIn = signIn(tenant.key());
        signedIn.then().statusCode(303).header("Location", endsWith("/console/inbox"));
        String setCookie = signedIn.header("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Path=/console"), setCookie);
        Cookie session = signedIn.detailedCookie(ConsoleSessionAuthenticationMechanism.COOKIE);
        assertFalse(session.getValue().contains(tenant.key()), "the key never goes to the browser");
        assertEquals(1L, count("SELECT count(*) FROM console_sessions WHERE tenant_id = $1", tenant.id()));
        assertEquals(0L, count("SELECT count(*) FROM console_sessions WHERE id_hash = convert_to($1, 'UTF8')",
                session.getValue()), "only the id's hash is stored");

        given().cookie(session).when().get("/console/inbox").then().statusCode(200)
                .body(containsString(tenant.slug())).body(containsString("X-CSRF-Token"));
    }

    @Test
    void theSessionCookieDoesNotOpenTheAdminApi() {
        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool);
        Cookie session = signIn(tenant.key()).detailedCookie(ConsoleSessionAuthenticationMechanism.COOKIE);
        given().cookie(session).when().get("/admin/knowledge/documents").then().statusCode(401);
    }

    @Test
    void aStateChangingRequestWithoutTheSessionsCsrfTokenIsRefused() {
        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool);
        Cookie session = signIn(tenant.key()).detailedCookie(ConsoleSessionAuthenticationMechanism.COOKIE);
        given().cookie(session).when().post("/console/sign-out").then().statusCode(403);
        given().cookie(session).header(ConsoleCsrfFilter.HEADER, "forged").when().post("/console/sign-out").then()
                .statusCode(403);
        given().cookie(session).redirects().follow(false).when().get("/console/inbox").then().statusCode(200);
    }

    @Test
    void signingOutEndsTheSession() {
        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool);
        Cookie session = signIn(tenant.key()).detailedCookie(ConsoleSessionAuthenticationMechanism.COOKIE);
        String csrf = csrfOf(given().cookie(session).when().get("/console/inbox").then().statusCode(200).extract()
                .asString());

        given().cookie(session).header(ConsoleCsrfFilter.HEADER, csrf).when().post("/console/sign-out").then()
                .statusCode(200).header("HX-Redirect", "/console/sign-in");

        given().cookie(session).redirects().follow(false).when().get("/console/inbox").then().statusCode(303);
        assertEquals(0L, count("SELECT count(*) FROM console_sessions WHERE tenant_id = $1", tenant.id()));
    }

    @Test
    void revokingTheKeyEndsItsSessions() {
        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool);
        Cookie session = signIn(tenant.key()).detailedCookie(ConsoleSessionAuthenticationMechanism.COOKIE);
        tenant.asTenant().when().delete("/admin/api-keys/{id}", tenant.keyId()).then().statusCode(204);

        given().cookie(session).redirects().follow(false).when().get("/console/inbox").then().statusCode(303);
    }

    @Test
    void theOperatorKeyOpensTheOperatorViewsNotATenantsInbox() {
        Response signedIn = signIn(AdminFixtures.OPERATOR_KEY);
        signedIn.then().statusCode(303).header("Location", endsWith(ConsoleResource.OPERATOR_HOME));
        Cookie session = signedIn.detailedCookie(ConsoleSessionAuthenticationMechanism.COOKIE);
        given().cookie(session).redirects().follow(false).when().get("/console/inbox").then().statusCode(403);
    }

    @Test
    void theLanguageComesFromTheBrowserAndTheSwitch() {
        given().header("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5").when().get("/console/sign-in").then()
                .statusCode(200).body(containsString("lang=\"fr\"")).body(containsString("Se connecter"));
        given().header("Accept-Language", "de-DE").when().get("/console/sign-in").then().statusCode(200)
                .body(containsString("lang=\"en\"")).body(containsString("Sign in"));
        String chosen = given().redirects().follow(false).when().get("/console/language/fr").then().statusCode(303)
                .extract().cookie(ConsoleLocale.COOKIE);
        given().header("Accept-Language", "en").cookie(ConsoleLocale.COOKIE, chosen).when().get("/console/sign-in")
                .then().statusCode(200).body(containsString("Se connecter")).body(not(containsString(">Sign in<")));
    }

    private static Response signIn(String key) {
        return given().redirects().follow(false).formParam("key", key).when().post("/console/sign-in");
    }

    static String csrfOf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertTrue(matcher.find(), "the page carries the session's CSRF token");
        assertNotNull(matcher.group(1));
        return matcher.group(1);
    }

    private long count(String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(WAIT).iterator().next().getLong(0);
    }
}
