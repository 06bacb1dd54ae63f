package io.socialsync.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The WhatsApp and Instagram events of 2026 that are not messages to answer, one fixture each written from Meta's
 * documentation, each delivered three times: never a 5xx, the stated effect in PostgreSQL once, and nothing
 * enqueued for the AI. And the identity promise: a customer named by number and BSUID, then by BSUID alone, or
 * after changing number or BSUID, stays one contact with one conversation.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class WhatsAppEventsTest {

    private static final String WABA = "102290129340398";
    private static final String TEXT_ID = Deliveries.FIXTURE_WAMID;

    @Inject
    Store store;

    @BeforeEach
    void theBootstrapAccountBelongsToTheFixturesBusinessAccount() {
        store.execute(
                "UPDATE social_accounts SET waba_id = $1 WHERE platform = 'whatsapp' AND platform_account_id = $2",
                WABA, Deliveries.ACCOUNT);
    }

    @Test
    void aCustomerWhoWithholdsTheirNumberStaysOneConversationWithOneHistory() {
        Deliveries.Fixture both = Deliveries.whatsapp("bsuid-and-number");
        String bsuid = Deliveries.FIXTURE_USER_ID + both.run();
        thrice(both);
        Row first = store.message(Deliveries.WAMID_PREFIX + both.run() + "BSU1");
        assertEquals(bsuid, first.getString("platform_contact_id"), "keyed on the BSUID, the id that stays");
        Row contact = contact(bsuid);
        assertEquals(both.customer(), contact.getString("wa_id"));
        assertEquals("@sheena", contact.getString("username"));

        Deliveries.Fixture hidden = Deliveries.whatsapp("username-only", both);
        thrice(hidden);
        Row second = store.message(Deliveries.WAMID_PREFIX + both.run() + "USR1");
        assertEquals(first.getUUID("conversation_id"), second.getUUID("conversation_id"), "one conversation");
        assertEquals(1,
                store.count("SELECT count(*)::int FROM contacts c JOIN social_accounts a ON a.id = c.account_id "
                        + "WHERE a.platform_account_id = $1 AND (c.platform_contact_id IN ($2, $3) OR c.wa_id = $2)",
                        Deliveries.ACCOUNT, both.customer(), bsuid),
                "one contact");
        UnifiedMessage enqueued = store.enqueued(Deliveries.WAMID_PREFIX + both.run() + "USR1").get(0);
        assertEquals(bsuid, enqueued.contactId(), "the batch and the reply find the contact by its key");
    }

    @Test
    void aCustomerKnownByNumberBeforeBusinessScopedIdsKeepsTheirConversation() {
        Deliveries.Fixture legacy = Deliveries.whatsapp("text");
        thrice(legacy);
        Row before = store.message(legacy.messageId(TEXT_ID));
        assertEquals(legacy.customer(), before.getString("platform_contact_id"));

        Deliveries.Fixture both = Deliveries.whatsapp("bsuid-and-number", legacy);
        thrice(both);
        Row after = store.message(Deliveries.WAMID_PREFIX + legacy.run() + "BSU1");
        assertEquals(before.getUUID("conversation_id"), after.getUUID("conversation_id"));
        assertEquals(Deliveries.FIXTURE_USER_ID + legacy.run(), contact(legacy.customer()).getString("user_id"));
        assertEquals(legacy.customer(), store.enqueued(Deliveries.WAMID_PREFIX + legacy.run() + "BSU1").get(0)
                .contactId());
        // Now by BSUID alone: still the same conversation.
        thrice(Deliveries.whatsapp("username-only", legacy));
        assertEquals(before.getUUID("conversation_id"),
                store.message(Deliveries.WAMID_PREFIX + legacy.run() + "USR1").getUUID("conversation_id"));
    }

    @Test
    void aNumberChangeAndABusinessScopedIdChangeJoinTheSameContact() {
        Deliveries.Fixture both = Deliveries.whatsapp("bsuid-and-number");
        String bsuid = Deliveries.FIXTURE_USER_ID + both.run();
        thrice(both);
        String newNumber = "1" + both.customer().substring(1, 10) + "7";
        String newBsuid = "US.7" + both.run();
        thrice(renamed(Deliveries.whatsapp("system-number-changed", both), "16505559876", newNumber));
        thrice(renamed(Deliveries.whatsapp("system-user-id-changed", both), "US.77777777777777777777", newBsuid));
        Row contact = contact(bsuid);
        assertEquals(newNumber, contact.getString("wa_id"));
        assertEquals(newBsuid, contact.getString("user_id"));
        assertEquals(2, store.count("SELECT count(*)::int FROM conversation_events e JOIN conversations c "
                + "ON c.id = e.conversation_id JOIN contacts k ON k.id = c.contact_id WHERE k.platform_contact_id = $1 "
                + "AND e.kind IN ('number_changed', 'user_id_changed')", bsuid), "each recorded once");
        assertEquals(0, store.enqueued(Deliveries.WAMID_PREFIX + both.run() + "SYS1").size(), "never answered");
        assertEquals(0, store.count("SELECT count(*)::int FROM messages WHERE platform_message_id = $1",
                Deliveries.WAMID_PREFIX + both.run() + "SYS1"), "a system message is no message");

        // The customer writes with the new ids only: the same conversation.
        String later = Deliveries.fixture("whatsapp/username-only.json")
                .replace(Deliveries.FIXTURE_USER_ID, newBsuid)
                .replace(Deliveries.WAMID_PREFIX, Deliveries.WAMID_PREFIX + both.run() + "L");
        thrice(new Deliveries.Fixture(later, both.run(), both.customer(), "whatsapp"));
        assertEquals(store.message(Deliveries.WAMID_PREFIX + both.run() + "BSU1").getUUID("conversation_id"),
                store.message(Deliveries.WAMID_PREFIX + both.run() + "LUSR1").getUUID("conversation_id"));

        String updatedBsuid = "US.5" + both.run();
        thrice(renamed(Deliveries.whatsapp("user-id-update", both), "US.55555555555555555555", updatedBsuid));
        assertEquals(updatedBsuid, contact(bsuid).getString("user_id"));
    }

    @Test
    void aRevokedPendingMessageNoLongerWaitsAndIsLeftOutOfTheReply() {
        Deliveries.Fixture text = Deliveries.whatsapp("text");
        post(text);
        thrice(Deliveries.whatsapp("revoke", text));
        Row row = store.message(text.messageId(TEXT_ID));
        assertEquals("ignored", row.getString("status"));
        assertTrue(row.getString("status_detail").endsWith("deleted by customer"));
        assertEquals(0, store.count("SELECT count(*)::int FROM messages WHERE platform_message_id = $1",
                Deliveries.WAMID_PREFIX + text.run() + "REV1"));
    }

    @Test
    void anEditOfAPendingMessageReplacesItsTextAndAnEditOfAnAnsweredOneIsRecorded() {
        Deliveries.Fixture text = Deliveries.whatsapp("text");
        post(text);
        thrice(Deliveries.whatsapp("edit-text", text));
        Row pending = store.message(text.messageId(TEXT_ID));
        assertEquals("Does it come in green?", pending.getString("text"));
        assertEquals(1, edits(pending, true));

        Deliveries.Fixture image = Deliveries.whatsapp("image");
        post(image);
        store.execute("UPDATE messages SET status = 'answered' WHERE platform_message_id = $1",
                Deliveries.WAMID_PREFIX + image.run() + "IMG1");
        thrice(Deliveries.whatsapp("edit-caption", image));
        Row answered = store.message(Deliveries.WAMID_PREFIX + image.run() + "IMG1");
        assertEquals("Is this one in stock?", answered.getString("text"), "the AI saw the old caption: kept");
        assertEquals(1, edits(answered, false));
        assertEquals("Is the red one in stock?", store.row("SELECT text FROM message_edits WHERE message_id = $1",
                answered.getUUID("id")).getString("text"));
    }

    @Test
    void aCoexistenceEchoIsThePersonsReplyAndPausesTheAiAndItsEditAndRevokeApply() {
        Deliveries.Fixture text = Deliveries.whatsapp("bsuid-and-number");
        post(text);
        thrice(Deliveries.whatsapp("smb-echo-text", text));
        String echoId = Deliveries.WAMID_PREFIX + text.run() + "ECH1";
        Row echo = store.message(echoId);
        assertEquals("outbound", echo.getString("direction"));
        assertEquals("human", echo.getString("status_detail"));
        Row conversation = store.row("SELECT * FROM conversations WHERE id = $1", echo.getUUID("conversation_id"));
        assertEquals("waiting_for_human", conversation.getString("status"));
        assertNotNull(conversation.getOffsetDateTime("ai_paused_until"), "the AI does not talk over the person");
        assertEquals(store.message(Deliveries.WAMID_PREFIX + text.run() + "BSU1").getUUID("conversation_id"),
                echo.getUUID("conversation_id"), "the echo names the customer by number: same conversation");

        thrice(Deliveries.whatsapp("smb-echo-edit", text));
        assertEquals("Hi Sheena, I'll check with the warehouse today.", store.message(echoId).getString("text"));
        thrice(Deliveries.whatsapp("smb-echo-revoke", text));
        assertTrue(store.message(echoId).getString("status_detail").endsWith("deleted by business"));

        // A customer message while the person has the conversation waits for the person, not for the AI.
        Deliveries.Fixture next = Deliveries.whatsapp("username-only", text);
        post(next);
        assertEquals("awaiting_human",
                store.message(Deliveries.WAMID_PREFIX + text.run() + "USR1").getString("status"));
    }

    @Test
    void callsAndCallPermissionRepliesAreRecordedOnTheConversationAndNeverAnswered() {
        Deliveries.Fixture text = Deliveries.whatsapp("bsuid-and-number");
        post(text);
        thrice(Deliveries.whatsapp("call-connect", text));
        thrice(Deliveries.whatsapp("call-terminate", text));
        thrice(Deliveries.whatsapp("call-permission-reply", text));
        String bsuid = Deliveries.FIXTURE_USER_ID + text.run();
        assertEquals(2, events(bsuid, "call"));
        assertEquals(1, events(bsuid, "call_permission"));
        assertEquals("accept", store.row("SELECT c.call_permission FROM conversations c JOIN contacts k "
                + "ON k.id = c.contact_id WHERE k.platform_contact_id = $1", bsuid).getString("call_permission"));
        assertEquals(0, store.enqueued(Deliveries.WAMID_PREFIX + text.run() + "CPR1").size());
        assertEquals(0, store.count("SELECT count(*)::int FROM messages WHERE platform_message_id = $1",
                Deliveries.WAMID_PREFIX + text.run() + "CPR1"));
    }

    @Test
    void aWelcomeRequestIsEnqueuedOnceAsAWelcomeRequestNotAsAQuestion() {
        Deliveries.Fixture welcome = Deliveries.whatsapp("request-welcome");
        thrice(welcome);
        String id = Deliveries.WAMID_PREFIX + welcome.run() + "WEL1";
        Row row = store.message(id);
        assertEquals("welcome_request", row.getString("type"));
        assertNull(row.getString("text"));
        List<UnifiedMessage> enqueued = store.enqueued(id);
        assertTrue(enqueued.size() >= 1);
        assertEquals(UnifiedMessageType.WELCOME_REQUEST, enqueued.get(0).type());
    }

    @Test
    void marketingPreferencesUpdateTheContact() {
        Deliveries.Fixture preferences = Deliveries.whatsapp("user-preferences");
        thrice(preferences);
        Row contact = contact(Deliveries.FIXTURE_USER_ID + preferences.run());
        assertNotNull(contact.getOffsetDateTime("marketing_opt_out_at"));
        assertEquals(1, events(Deliveries.FIXTURE_USER_ID + preferences.run(), "preferences"));
    }

    @Test
    void accountUpdatesAndTemplateNewsAreKeptForTheOperator() {
        for (String[] update : List.of(new String[]{"account-update-restriction", "ACCOUNT_RESTRICTION",
                "restriction RESTRICTED_BIZ_INITIATED_MESSAGING"},
                new String[]{"account-update-disabled", "DISABLED_UPDATE", "ban state DISABLE"},
                new String[]{"account-update-offboarded", "ACCOUNT_OFFBOARDED", null},
                new String[]{"account-update-reconnected", "ACCOUNT_RECONNECTED", null})) {
            thrice(Deliveries.whatsapp(update[0]));
            Row account = store.row("SELECT platform_status, platform_status_detail FROM social_accounts "
                    + "WHERE platform = 'whatsapp' AND platform_account_id = $1", Deliveries.ACCOUNT);
            assertEquals(update[1], account.getString("platform_status"), update[0]);
            assertEquals(update[2], account.getString("platform_status_detail"), update[0]);
        }
        thrice(Deliveries.whatsapp("template-status"));
        thrice(Deliveries.whatsapp("template-quality"));
        thrice(Deliveries.whatsapp("template-category"));
        Row template = store.row("SELECT * FROM whatsapp_templates WHERE waba_id = $1 AND template_id = $2", WABA,
                "594425479261596");
        assertEquals("reply_after_window", template.getString("name"));
        assertEquals("en_US", template.getString("language"));
        assertEquals("APPROVED", template.getString("status"));
        assertEquals("YELLOW", template.getString("quality"));
        assertEquals("MARKETING", template.getString("category"));
    }

    @Test
    void aStatusWithPricingKeepsWhatMetaWillBill() {
        Deliveries.Fixture priced = Deliveries.whatsapp("status-priced");
        store.outbound("whatsapp", Deliveries.ACCOUNT, priced.customer(), priced.ourMessageId());
        thrice(priced);
        Row row = store.message(priced.ourMessageId());
        assertEquals("delivered", row.getString("status"));
        assertEquals(Boolean.TRUE, row.getBoolean("billable"));
        assertEquals("PMP", row.getString("pricing_model"));
        assertEquals("service", row.getString("pricing_category"));
        assertEquals("free_customer_service", row.getString("pricing_type"));
    }

    @Test
    void anInstagramThreadTakenByAnotherAppIsNotAnsweredUntilItIsPassedBack() {
        Deliveries.Fixture take = Deliveries.instagram("handover-take");
        thrice(take);
        Row conversation = store.row("SELECT c.* FROM conversations c JOIN contacts k ON k.id = c.contact_id "
                + "JOIN social_accounts a ON a.id = c.account_id WHERE a.platform = 'instagram' "
                + "AND k.platform_contact_id = $1", take.customer());
        assertEquals("other", conversation.getString("thread_owner"));

        Deliveries.Fixture standby = instagramLike("standby-message", take);
        thrice(standby);
        String standbyId = Deliveries.IG_MID + take.run() + "SBY";
        Row message = store.message(standbyId);
        assertEquals("ignored", message.getString("status"));
        assertEquals(0, store.enqueued(standbyId).size(), "another app owns the thread");

        Deliveries.Fixture text = instagramLike("text", take);
        post(text);
        assertEquals("awaiting_human", store.message(Deliveries.IG_MID + take.run() + "T").getString("status"));

        thrice(instagramLike("handover-pass", take));
        assertEquals("us", store.row("SELECT thread_owner FROM conversations WHERE id = $1",
                conversation.getUUID("id")).getString("thread_owner"));
        assertEquals(2, store.count("SELECT count(*)::int FROM conversation_events WHERE conversation_id = $1 "
                + "AND kind = 'thread_owner'", conversation.getUUID("id")));
    }

    private Row contact(String key) {
        return store.row("SELECT c.* FROM contacts c JOIN social_accounts a ON a.id = c.account_id "
                + "WHERE a.platform_account_id = $1 AND c.platform_contact_id = $2", Deliveries.ACCOUNT, key);
    }

    private int events(String contactKey, String kind) {
        return store.count("SELECT count(*)::int FROM conversation_events e JOIN conversations c "
                + "ON c.id = e.conversation_id JOIN contacts k ON k.id = c.contact_id WHERE k.platform_contact_id = $1 "
                + "AND e.kind = $2", contactKey, kind);
    }

    private int edits(Row message, boolean applied) {
        return store.count("SELECT count(*)::int FROM message_edits WHERE message_id = $1 AND applied = $2",
                message.getUUID("id"), applied);
    }

    private static Deliveries.Fixture renamed(Deliveries.Fixture fixture, String from, String to) {
        return new Deliveries.Fixture(fixture.body().replace(from, to), fixture.run(), fixture.customer(),
                fixture.platform());
    }

    /** Another Instagram fixture of the same customer and run. */
    private static Deliveries.Fixture instagramLike(String name, Deliveries.Fixture like) {
        String body = Deliveries.fixture("instagram/" + name + ".json")
                .replace(Deliveries.IG_MID, Deliveries.IG_MID + like.run())
                .replace(Deliveries.IG_CUSTOMER, like.customer());
        return new Deliveries.Fixture(body, like.run(), like.customer(), "instagram");
    }

    /** Delivered three times, as Meta may: every time a 2xx. */
    private static void thrice(Deliveries.Fixture delivery) {
        for (int i = 0; i < 3; i++) {
            post(delivery);
        }
    }

    private static void post(Deliveries.Fixture delivery) {
        int status = given().contentType(ContentType.JSON)
                .header("X-Hub-Signature-256", delivery.signature())
                .body(delivery.body())
                .when().post("/webhooks/" + delivery.platform())
                .then().extract().statusCode();
        assertEquals(200, status, "every delivery is acknowledged");
    }
}
