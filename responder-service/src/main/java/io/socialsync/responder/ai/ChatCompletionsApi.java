package io.socialsync.responder.ai;

import java.util.List;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.smallrye.mutiny.Uni;

/** The OpenAI-compatible chat-completions endpoint (OpenAI, OpenRouter, Ollama, vLLM). */
interface ChatCompletionsApi {

    @POST
    @Path("/chat/completions")
    Uni<Completion> complete(@HeaderParam("Authorization") String authorization, Request request);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(String model, List<Message> messages, double temperature,
            @JsonProperty("max_tokens") int maxTokens,
            @JsonProperty("response_format") ResponseFormat responseFormat) {
    }

    /** {@code {"type": "json_object"}}: the JSON mode every OpenAI-compatible server we target understands. */
    record ResponseFormat(String type) {

        static final ResponseFormat JSON_OBJECT = new ResponseFormat("json_object");
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
