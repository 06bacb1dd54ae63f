package io.socialsync.responder.platform.whatsapp;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Where a WhatsApp message to a customer is addressed: {@code to} = the phone number ({@code wa_id}) when known, else
 * {@code recipient} = the business-scoped user id (BSUID) of a customer who hides their number. A contact stored
 * before identities were recorded, keyed by a phone number, is addressed by that key.
 */
@ApplicationScoped
public class WhatsAppRecipients {

    private static final Pattern PHONE_NUMBER = Pattern.compile("[0-9]+");

    private final Pool pool;

    public WhatsAppRecipients(Pool pool) {
        this.pool = pool;
    }

    /** Exactly one of the two is set. */
    public record Address(String to, String recipient) {

        static Address of(String key, String waId, String userId) {
            if (waId != null) {
                return new Address(waId, null);
            }
            if (userId != null) {
                return new Address(null, userId);
            }
            return PHONE_NUMBER.matcher(key).matches() ? new Address(key, null) : new Address(null, key);
        }
    }

    /**
     * @param accountId our id of the account
     * @param contactId the contact's key ({@code contacts.platform_contact_id}, the conversation's customer id)
     */
    public Uni<Address> of(UUID accountId, String contactId) {
        return pool
                .preparedQuery("SELECT wa_id, user_id FROM contacts WHERE account_id = $1 AND platform_contact_id = $2")
                .execute(Tuple.of(accountId, contactId)).map(rows -> {
                    if (rows.size() == 0) {
                        return Address.of(contactId, null, null);
                    }
                    Row row = rows.iterator().next();
                    return Address.of(contactId, row.getString("wa_id"), row.getString("user_id"));
                });
    }
}
