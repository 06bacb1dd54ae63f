package io.socialsync.responder.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/** Builds the layout's data for the signed-in caller, reactively (no blocking read of the identity). */
@ApplicationScoped
public class ConsolePages {

    private final CurrentIdentityAssociation identities;

    public ConsolePages(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    public Uni<ConsolePage> page(HttpHeaders headers, String section) {
        return identities.getDeferredIdentity()
                .map(identity -> ConsolePage.of(identity, ConsoleLocale.of(headers), section));
    }
}
