package io.socialsync.ingest.webhook;

import java.util.ArrayList;
import java.util.List;

/**
 * Every id a platform gives one customer in a delivery (WhatsApp since 2026: the phone number may be withheld, the
 * business-scoped user id is always there). The contact keeps one key; all of these point at it.
 *
 * @param waId the phone number, when the platform shows it
 * @param userId the business-scoped user id (BSUID)
 * @param parentUserId the BSUID shared across linked business portfolios
 * @param username the customer's WhatsApp username
 */
public record ContactIdentity(String waId, String userId, String parentUserId, String username) {

    /** The key a new contact gets: the BSUID when present (stable while the number may hide), else the number. */
    public String preferredKey() {
        return userId != null ? userId : waId;
    }

    /**
     * Whether this identity is just the number the customer is keyed by (a delivery without a BSUID, as before 2026):
     * then there is nothing to resolve or record, and storing costs what it did before identities existed.
     */
    public boolean isOnly(String key) {
        return userId == null && parentUserId == null && username == null && key.equals(waId);
    }

    /** The ids that find the contact again, each with its kind ({@code wa_id}, {@code user_id}, ...). */
    public List<String[]> identifiers() {
        List<String[]> ids = new ArrayList<>(3);
        if (waId != null) {
            ids.add(new String[]{waId, "wa_id"});
        }
        if (userId != null) {
            ids.add(new String[]{userId, "user_id"});
        }
        if (parentUserId != null) {
            ids.add(new String[]{parentUserId, "parent_user_id"});
        }
        return ids;
    }

    /** This identity completed with what {@code other} knows and this one does not. */
    public ContactIdentity orElse(ContactIdentity other) {
        if (other == null) {
            return this;
        }
        return new ContactIdentity(waId != null ? waId : other.waId, userId != null ? userId : other.userId,
                parentUserId != null ? parentUserId : other.parentUserId,
                username != null ? username : other.username);
    }
}
