package io.socialsync.responder.platform;

import static io.socialsync.responder.platform.GraphStubs.answerInTurn;
import static io.socialsync.responder.platform.GraphStubs.requests;
import static io.socialsync.responder.platform.GraphStubs.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.platform.instagram.InstagramChannel;
import io.socialsync.responder.platform.whatsapp.WhatsAppChannel;
import io.socialsync.responder.reply.AccountCredentials;
import io.socialsync.testsupport.RealServersResource;

/**
 * The retry delays production runs with: 0.5 s, 1 s, 2 s between the four attempts. The other tests run under the
 * {@code test} profile, whose shorter delays would hide a wrong annotation; this one runs under a profile of its own
 * that overrides nothing of the retry policy, so what it measures is what the annotations say.
 */
@QuarkusTest
@TestProfile(SendBackoffTest.ProductionBackoff.class)
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class SendBackoffTest {

    /** Not {@code test}: none of the {@code %test.} overrides apply. */
    public static class ProductionBackoff implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "production-backoff";
        }
    }

    @Inject
    WhatsAppChannel whatsApp;

    @Inject
    InstagramChannel instagram;

    @Test
    void rateLimitsAreRetriedAfterHalfASecondOneSecondAndTwoSeconds() {
        warmUp();
        AccountCredentials whatsAppAccount = account("pn-");
        AccountCredentials instagramAccount = account("ig-");
        answerInTurn(whatsAppAccount.platformAccountId(), "$.text.body", status(429));
        answerInTurn(instagramAccount.platformAccountId(), "$.message.text", status(429));

        List<PartSends.Sent> results = Uni.join().all(
                PartSends.send(whatsApp, whatsAppAccount, "4915100000040", "Hello"),
                PartSends.send(instagram, instagramAccount, "igsid-40", "Hello")).andFailFast()
                .await().atMost(Duration.ofSeconds(20));

        results.forEach(result -> assertTrue(result.failure().orElseThrow().retryable()));
        assertDelays(requests(whatsAppAccount.platformAccountId()));
        assertDelays(requests(instagramAccount.platformAccountId()));
    }

    /** One retry on each client first: the measured run then measures delays, not a fresh JVM's class loading. */
    private void warmUp() {
        AccountCredentials whatsAppAccount = account("pn-");
        AccountCredentials instagramAccount = account("ig-");
        answerInTurn(whatsAppAccount.platformAccountId(), "$.text.body", status(429),
                GraphStubs.whatsAppSent("wamid.warm"));
        answerInTurn(instagramAccount.platformAccountId(), "$.message.text", status(429),
                GraphStubs.instagramSent("mid.warm"));
        Uni.join().all(PartSends.send(whatsApp, whatsAppAccount, "4915100000041", "Hello"),
                PartSends.send(instagram, instagramAccount, "igsid-41", "Hello")).andFailFast()
                .await().atMost(Duration.ofSeconds(20))
                .forEach(result -> assertTrue(result.isDelivered()));
    }

    private static void assertDelays(List<LoggedRequest> attempts) {
        assertEquals(4, attempts.size(), "the first attempt and three retries");
        long[] expected = {500, 1000, 2000};
        for (int i = 1; i < attempts.size(); i++) {
            long gap = attempts.get(i).getLoggedDate().getTime() - attempts.get(i - 1).getLoggedDate().getTime();
            long want = expected[i - 1];
            // Never early; late by less than the next step, so that 0.5/1/2 s is told apart from any other series
            // even when a loaded machine stretches a timer.
            assertTrue(gap >= want - 10 && gap < want + 1000, "retry " + i + " after " + gap + " ms, want " + want);
        }
    }

    private static AccountCredentials account(String prefix) {
        String id = prefix + UUID.randomUUID();
        return new AccountCredentials(UUID.randomUUID(), UUID.randomUUID(), id, "token-" + id);
    }
}
