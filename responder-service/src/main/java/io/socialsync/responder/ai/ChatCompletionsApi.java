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

    /**
     * {@code content} is a string, or for a user message with images a list of {@link ContentPart}s (OpenAI's
     * vision format, which OpenAI-compatible servers with vision models accept).
     */
    record Message(String role, Object content) {

        String text() {
            return content instanceof String text ? text : null;
        }
    }

    /** A {@code text} or {@code image_url} part of a user message. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ContentPart(String type, String text, @JsonProperty("image_url") ImageUrl imageUrl) {

        static ContentPart text(String text) {
            return new ContentPart("text", text, null);
        }

        static ContentPart image(String url) {
            return new ContentPart("image_url", null, new ImageUrl(url));
        }
    }

    record ImageUrl(String url) {
    }

    /** {@code usage} is what the server counted; servers that do not count leave it out. */
    record Completion(List<Choice> choices, Usage usage) {

        String firstContent() {
            if (choices == null || choices.isEmpty() || choices.get(0).message() == null) {
                return null;
            }
            return choices.get(0).message().text();
        }
    }

    record Choice(Message message) {
    }

    record Usage(@JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens) {
    }
}
