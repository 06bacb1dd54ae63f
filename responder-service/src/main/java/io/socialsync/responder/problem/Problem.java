package io.socialsync.responder.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem document; {@code violations} lists what was wrong with a request's fields. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(int status, String title, String detail) {
        this("about:blank", title, status, detail, null);
    }

    /** One invalid field: where (e.g. {@code content}) and what is wrong with it. */
    public record Violation(String field, String message) {
    }
}
