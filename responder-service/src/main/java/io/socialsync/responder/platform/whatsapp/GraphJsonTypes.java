package io.socialsync.responder.platform.whatsapp;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Graph API request and response bodies, serialised by Jackson through the REST client. Registered for a native
 * image explicitly (they are package-private nested records), so that nothing is left to discover at build time.
 */
@RegisterForReflection(targets = {WhatsAppPayloads.TextMessage.class, WhatsAppPayloads.Text.class,
        WhatsAppPayloads.ReadReceipt.class, WhatsAppPayloads.TypingIndicator.class,
        WhatsAppPayloads.TemplateMessage.class, WhatsAppPayloads.Template.class, WhatsAppPayloads.Language.class,
        WhatsAppPayloads.Component.class, WhatsAppPayloads.Parameter.class, WhatsAppPayloads.MediaMessage.class,
        WhatsAppPayloads.Media.class, WhatsAppPayloads.UploadedMedia.class, GraphSendResult.class,
        GraphSendResult.SentMessage.class})
final class GraphJsonTypes {

    private GraphJsonTypes() {
    }
}
