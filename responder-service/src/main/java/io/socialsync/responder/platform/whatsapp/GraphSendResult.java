package io.socialsync.responder.platform.whatsapp;

import java.util.List;

/** The Graph API's answer to a send: {@code messages[0].id} is the wamid of what was sent. */
record GraphSendResult(List<SentMessage> messages, Boolean success) {

    record SentMessage(String id) {
    }

    String firstMessageId() {
        return messages == null || messages.isEmpty() ? null : messages.get(0).id();
    }
}
