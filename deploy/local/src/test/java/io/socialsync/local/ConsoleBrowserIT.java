package io.socialsync.local;

import static io.socialsync.local.ItSupport.logTails;
import static io.socialsync.local.ItSupport.randomDigits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The web console in a real browser (headless Chromium) against the running stack: the three packaged services, the
 * Graph API sandbox and real PostgreSQL and Redis. The scenarios are the acceptance tests; a screenshot of
 * each main page is kept under {@code target/console-screenshots/}.
 */
class ConsoleBrowserIT {

    private static final Duration LIVE = Duration.ofSeconds(40);
    private static final Duration STEP = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static RunningStack stack;
    private static String console;
    private static String responder;
    private static final List<WebDriver> browsers = new ArrayList<>();

    @BeforeAll
    static void startStack() throws IOException {
        Optional<String> missing = ConsoleBrowser.missing();
        if (missing.isPresent()) {
            System.err.println("ConsoleBrowserIT skipped: " + missing.get());
        }
        assumeTrue(missing.isEmpty(), () -> "browser tests skipped: " + missing.get());
        stack = new RunningStack(StackLayout.locate(), RunningStack.Ports.free(), System.out).start();
        responder = stack.services().get(2).baseUrl();
        console = responder + "/console";
    }

    @AfterAll
    static void stopStack() {
        ConsoleBrowser.quit(browsers);
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * Sign in; a customer's message (through the sandbox) escalates and appears in the inbox without a reload; the
     * person answers and the reply reaches the Graph API once; the AI is paused, then handed back.
     */
    @Test
    void aPersonAnswersAnEscalatedConversationSeenLiveInTheInbox() throws Exception {
        WebDriver browser = browser("en");
        signIn(browser, tenantKey("default"));
        ConsoleBrowser.waiting(browser, STEP).until(ExpectedConditions.urlContains("/console/inbox"));
        ((JavascriptExecutor) browser).executeScript("window.stillTheSamePage = true;");

        String customer = randomDigits("4917", 12);
        customerWrites(customer, "Zorblax quuxification " + randomDigits("", 6) + "?");

        By entry = By.xpath("//li[contains(@class,'waiting')][.//strong[contains(text(),'" + customer + "')]]");
        WebElement waiting = ConsoleBrowser.waiting(browser, LIVE)
                .withMessage(() -> "the escalated conversation never appeared" + logTails(stack.services(), 30))
                .until(ExpectedConditions.visibilityOfElementLocated(entry));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.stillTheSamePage;"),
                "it appeared without a reload");
        assertTrue(waiting.isDisplayed());
        ConsoleBrowser.waiting(browser, STEP).ignoring(StaleElementReferenceException.class)
                .withMessage("the waiting conversation shows the escalation's reason")
                .until(driver -> driver.findElement(entry).getText().contains("the AI was not sure"));
        ConsoleBrowser.screenshot(browser, "inbox");
        ConsoleBrowser.phoneScreenshot(browser, "inbox-phone");

        click(browser, By.xpath("//li[contains(@class,'waiting')]//a[.//strong[contains(text(),'" + customer + "')]]"));
        ConsoleBrowser.waiting(browser, STEP)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("waiting-reason")));
        assertTrue(browser.findElement(By.id("waiting-reason")).getText().contains("the AI was not sure"));
        ConsoleBrowser.waiting(browser, STEP).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#thread li[data-author='customer']")));

        String reply = "Maria here: yes, we can do that " + randomDigits("", 6) + ".";
        browser.findElement(By.id("reply-text")).sendKeys(reply);
        click(browser, By.id("reply-send"));
        ConsoleBrowser.waiting(browser, STEP).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#reply-outcome[data-outcome='sent']")));
        ConsoleBrowser.waiting(browser, STEP).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#thread li[data-author='person']")));
        ConsoleBrowser.screenshot(browser, "conversation");
        Thread.sleep(1_000); // a second send, if any, would be in the sandbox by now
        assertEquals(1, stack.sandbox().delivered().stream().filter(sent -> reply.equals(sent.text())).count(),
                "the person's reply reached the Graph API once");

        click(browser, By.id("ai-pause"));
        ConsoleBrowser.waiting(browser, STEP).until(ExpectedConditions.visibilityOfElementLocated(By.id("ai-paused")));
        click(browser, By.id("hand-back"));
        ConsoleBrowser.waiting(browser, STEP).until(ExpectedConditions.visibilityOfElementLocated(By.id("ai-on")));
        assertTrue(browser.findElements(By.id("hand-back")).isEmpty(), "handed back: nothing left to hand back");
    }

    /** Add an FAQ, ask the "try it" box, see the answer and its passage. */
    @Test
    void anFaqAddedInTheBrowserAnswersTheTryItBox() throws Exception {
        String tenant = "console-kb-" + randomDigits("", 8);
        admin("POST", "/admin/tenants", "{\"slug\":\"" + tenant + "\",\"name\":\"Kayak shop\",\"plan\":\"starter\"}",
                operatorKey(), 201);
        WebDriver browser = browser("en");
        signIn(browser, tenantKey(tenant));
        ConsoleBrowser.waiting(browser, STEP).until(ExpectedConditions.urlContains("/console/inbox"));
        browser.findElement(By.linkText("Knowledge")).click();
        ConsoleBrowser.waiting(browser, STEP)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("faq-question")));

        browser.findElement(By.id("faq-question")).sendKeys("Do you repair kayaks?");
        browser.findElement(By.id("faq-answer")).sendKeys("Yes: kayak repairs take three days at our workshop.");
        browser.findElement(By.id("faq-add")).click();
        ConsoleBrowser.waiting(browser, STEP).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[@id='knowledge-list']//td[text()='Do you repair kayaks?']")));

        browser.findElement(By.id("try-question")).sendKeys("How long does a kayak repair take?");
        browser.findElement(By.id("try-ask")).click();
        WebElement answer = ConsoleBrowser.waiting(browser, STEP)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("try-answer")));
        assertTrue(answer.getText().contains("three days"), answer.getText());
        assertTrue(browser.findElement(By.id("try-passages")).getText().contains("kayak repairs take three days"));
        ConsoleBrowser.screenshot(browser, "knowledge");
    }

    /**
     * A tenant cannot open another tenant's conversation by its URL; a state-changing request without the CSRF
     * token is refused; signing out ends the session.
     */
    @Test
    void tenantsAreIsolatedCsrfIsCheckedAndSigningOutEndsTheSession() throws Exception {
        String customer = randomDigits("4918", 12);
        customerWrites(customer, "Blorptastic frobnication " + randomDigits("", 6) + "?");
        String defaultKey = tenantKey("default");
        String conversation = awaitWaitingConversation(defaultKey, customer);

        String other = "console-it-" + randomDigits("", 8);
        admin("POST", "/admin/tenants", "{\"slug\":\"" + other + "\",\"name\":\"Other shop\",\"plan\":\"starter\"}",
                operatorKey(), 201);
        WebDriver browser = browser("en");
        signIn(browser, tenantKey(other));
        ConsoleBrowser.waiting(browser, STEP).until(ExpectedConditions.urlContains("/console/inbox"));
        assertTrue(browser.findElements(By.xpath("//strong[contains(text(),'" + customer + "')]")).isEmpty());
        browser.get(console + "/conversations/" + conversation);
        String page = browser.getPageSource();
        assertTrue(page.contains("Not Found"), page);
        assertFalse(page.contains(customer), "nothing of the other tenant's conversation is shown");

        browser.get(console + "/inbox");
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/console/sign-out', {method: 'POST'}).then(r => done(r.status), e => done(String(e)));""");
        assertEquals(403L, status, "no CSRF token, no state change");
        browser.get(console + "/inbox");
        assertTrue(browser.getCurrentUrl().endsWith("/console/inbox"), "still signed in after the refused request");

        browser.findElement(By.id("sign-out")).click();
        ConsoleBrowser.waiting(browser, STEP).until(ExpectedConditions.urlContains("/console/sign-in"));
        browser.get(console + "/inbox");
        assertTrue(browser.getCurrentUrl().endsWith("/console/sign-in"), "the session is gone");
        ConsoleBrowser.screenshot(browser, "sign-in");
    }

    /** A French browser gets the console in French. */
    @Test
    void aFrenchBrowserGetsFrenchLabels() throws Exception {
        WebDriver browser = browser("fr");
        browser.get(console + "/sign-in");
        assertEquals("Clé d'API", browser.findElement(By.cssSelector("label[for='key']")).getText());
        assertEquals("Se connecter", browser.findElement(By.id("sign-in")).getText());
        signIn(browser, tenantKey("default"));
        ConsoleBrowser.waiting(browser, STEP).until(ExpectedConditions.urlContains("/console/inbox"));
        assertEquals("Boîte de réception", browser.findElement(By.tagName("h1")).getText());
        assertEquals("fr", browser.findElement(By.tagName("html")).getAttribute("lang"));
        ConsoleBrowser.screenshot(browser, "inbox-fr");
    }

    private static WebDriver browser(String language) {
        WebDriver browser = ConsoleBrowser.open(language);
        browsers.add(browser);
        return browser;
    }

    /** Clicks what {@code target} finds, again if a live update replaced it between finding and clicking. */
    private static void click(WebDriver browser, By target) {
        ConsoleBrowser.waiting(browser, STEP).ignoring(StaleElementReferenceException.class).until(driver -> {
            driver.findElement(target).click();
            return true;
        });
    }

    private static void signIn(WebDriver browser, String key) {
        browser.get(console + "/sign-in");
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.id("sign-in")).click();
    }

    private static void customerWrites(String customer, String text) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(stack.sandbox().baseUrl()
                + "/sandbox/customer?from=" + customer)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
    }

    /** The conversation of {@code customer} once it waits for a person, through the admin API. */
    private static String awaitWaitingConversation(String key, String customer) throws Exception {
        long deadline = System.nanoTime() + LIVE.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode waiting : admin("GET", "/admin/conversations/waiting?size=200", null, key, 200)
                    .path("conversations")) {
                if (customer.equals(waiting.path("customerId").asText())) {
                    return waiting.path("id").asText();
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no waiting conversation for " + customer + logTails(stack.services(), 30));
    }

    private static String tenantKey(String slug) throws Exception {
        return admin("POST", "/admin/tenants/" + slug + "/api-keys", "{\"name\":\"console it "
                + ThreadLocalRandom.current().nextInt(1_000_000) + "\"}", operatorKey(), 201).path("key").asText();
    }

    private static String operatorKey() {
        return stack.settings().operatorKey();
    }

    private static JsonNode admin(String method, String path, String body, String key, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(responder + path)).header("X-Api-Key", key)
                .timeout(Duration.ofSeconds(10));
        request = body == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, answer.statusCode(), method + " " + path + ": " + answer.body());
        return JSON.readTree(answer.body());
    }
}
