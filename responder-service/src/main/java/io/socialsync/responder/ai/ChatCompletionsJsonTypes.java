package io.socialsync.responder.ai;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The chat-completions request and response bodies, serialised by Jackson through the REST client. Registered for a
 * native image explicitly, so that nothing is left to discover at build time.
 */
@RegisterForReflection(targets = {ChatCompletionsApi.Request.class, ChatCompletionsApi.Message.class,
        ChatCompletionsApi.Completion.class, ChatCompletionsApi.Choice.class, ChatCompletionsApi.ContentPart.class,
        ChatCompletionsApi.ImageUrl.class})
final class ChatCompletionsJsonTypes {

    private ChatCompletionsJsonTypes() {
    }
}
