package io.socialsync.responder.reply;

import java.util.Optional;
import java.util.UUID;

/**
 * What replying on an account needs.
 *
 * @param platformAccountId the platform's id (WhatsApp phone_number_id), used in Graph API paths
 * @param accessToken the stored token, sealed (token-crypto): opened only by the Graph clients, where it becomes the
 *        Authorization header; never logged
 * @param inactiveReason why the account does not answer now (deactivated, token rejected), empty while it does
 */
public record AccountCredentials(UUID id, UUID tenantId, String platformAccountId, String accessToken,
        Optional<String> inactiveReason) {

    public AccountCredentials(UUID id, UUID tenantId, String platformAccountId, String accessToken) {
        this(id, tenantId, platformAccountId, accessToken, Optional.empty());
    }

    public boolean active() {
        return inactiveReason.isEmpty();
    }

    @Override
    public String toString() {
        return "AccountCredentials[id=" + id + ", tenantId=" + tenantId + ", platformAccountId=" + platformAccountId
                + ", active=" + active() + "]";
    }
}
