package io.socialsync.ingest.webhook;

import java.time.Instant;
import java.util.Map;

/**
 * Something a platform tells about a customer or their conversation that is not a message to answer: recorded on
 * the contact or conversation an operator reads, never enqueued for the AI.
 *
 * @param accountId the platform's id of the business account
 * @param contactId the customer it is about
 * @param kind what happened
 * @param attributes what the event carries, by name (e.g. {@code new_wa_id}, {@code call_status}); never message text
 * @param at when the platform says it happened
 * @param identity every id the delivery gives the customer (WhatsApp), or null
 */
public record ConversationEvent(String accountId, String contactId, Kind kind, Map<String, String> attributes,
        Instant at, ContactIdentity identity) {

    /** An event from a platform with one id per customer. */
    public ConversationEvent(String accountId, String contactId, Kind kind, Map<String, String> attributes,
            Instant at) {
        this(accountId, contactId, kind, attributes, at, null);
    }

    public enum Kind {
        /** The customer's phone number changed; attributes {@code new_wa_id}, optionally {@code new_user_id}. */
        NUMBER_CHANGED,
        /** The customer's business-scoped user id changed; attributes {@code new_user_id}, {@code previous_user_id}. */
        USER_ID_CHANGED,
        /** A call started, ended or was missed; attributes {@code call_id}, {@code call_status}, {@code direction}. */
        CALL,
        /** The customer answered a call-permission request; attribute {@code response} (accept / reject). */
        CALL_PERMISSION,
        /** The customer opened a chat for the first time and asks for the welcome message. */
        WELCOME_REQUEST,
        /** The customer's marketing preference; attribute {@code preference} (stop / resume). */
        PREFERENCES,
        /** Another app took or handed back the thread; attribute {@code owner} ({@code us} / {@code other}). */
        THREAD_OWNER,
        /** The customer blocked the business or left the chat: replies cannot reach them. */
        UNREACHABLE,
        /** A customer who had blocked the business can be reached again. */
        REACHABLE
    }
}
