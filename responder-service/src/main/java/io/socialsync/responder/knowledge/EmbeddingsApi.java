package io.socialsync.responder.knowledge;

import java.util.List;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import io.smallrye.mutiny.Uni;

/** The OpenAI-compatible embeddings endpoint (OpenAI, Ollama, vLLM, LocalAI …). */
interface EmbeddingsApi {

    @POST
    @Path("/embeddings")
    Uni<Response> embed(@HeaderParam("Authorization") String authorization, Request request);

    record Request(String model, List<String> input) {
    }

    record Response(List<Item> data) {
    }

    record Item(int index, List<Double> embedding) {
    }
}
