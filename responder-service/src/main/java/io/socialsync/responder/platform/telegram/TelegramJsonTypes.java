package io.socialsync.responder.platform.telegram;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The Bot API request bodies, serialised by Jackson through the REST client; registered for a native image. */
@RegisterForReflection(targets = {TelegramBotApi.SendMessage.class, TelegramBotApi.SendChatAction.class,
        TelegramBotApi.SetWebhook.class})
final class TelegramJsonTypes {

    private TelegramJsonTypes() {
    }
}
