package io.socialsync.responder.ai;

import java.util.List;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.smallrye.mutiny.Uni;

/** The OpenAI-compatible chat-completions endpoint (OpenAI, OpenRouter, Ollama, vLLM). */
interface ChatCompletionsApi {

    @POST
    @Path("/chat/completions")
    Uni<Completion> complete(@HeaderParam("Authorization") String authorization, Request request);

    record Request(String model, List<Message> messages, double temperature,
            @JsonProperty("max_tokens") int maxTokens) {
    }

    record Message(String role, String content) {
    }

    record Completion(List<Choice> choices) {

        String firstContent() {
            if (choices == null || choices.isEmpty() || choices.get(0).message() == null) {
                return null;
            }
            return choices.get(0).message().content();
        }
    }

    record Choice(Message message) {
    }
}
