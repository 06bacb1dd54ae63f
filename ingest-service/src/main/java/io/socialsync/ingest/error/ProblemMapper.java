package io.socialsync.ingest.error;

import java.net.ConnectException;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.logging.Log;
import io.socialsync.ingest.webhook.MalformedPayloadException;
import io.socialsync.ingest.webhook.SignatureRejectedException;
import io.socialsync.ingest.webhook.WebhookAdmission;

/**
 * The one place errors become answers, as {@code application/problem+json} without stack traces or internal
 * messages. Bad input is a 4xx; a 5xx means PostgreSQL or Redis could not take the message, so the platform
 * redelivers it.
 */
public class ProblemMapper {

    static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response signature(SignatureRejectedException e) {
        return problem(Response.Status.UNAUTHORIZED, "The delivery's signature or secret is missing or wrong");
    }

    @ServerExceptionMapper
    public Response malformed(MalformedPayloadException e) {
        return problem(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response overloaded(WebhookAdmission.OverloadedException e) {
        // Meta and Telegram deliver again after a 5xx; Retry-After tells any other caller when.
        return Response.fromResponse(problem(Response.Status.SERVICE_UNAVAILABLE,
                "Too many deliveries are being stored; retry later")).header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return problem(status, status.getReasonPhrase());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (isConnectionFailure(e)) {
            Log.errorf("a dependency is unavailable: %s", e.toString());
        } else {
            Log.error("unexpected failure", e);
        }
        return problem(Response.Status.SERVICE_UNAVAILABLE, "The message could not be stored now; retry later");
    }

    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static Response problem(Response.StatusType status, String detail) {
        return Response.status(status.getStatusCode())
                .type(PROBLEM_JSON)
                .entity(Map.of("type", "about:blank", "title", status.getReasonPhrase(), "status",
                        status.getStatusCode(), "detail", detail))
                .build();
    }
}
