package io.socialsync.ingest.platform.telegram;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The Bot API request bodies, serialised by Jackson through the REST client; registered for a native image. */
@RegisterForReflection(targets = {TelegramCallbackApi.AnswerCallbackQuery.class})
final class TelegramJsonTypes {

    private TelegramJsonTypes() {
    }
}
