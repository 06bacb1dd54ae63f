package io.socialsync.responder.problem;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.socialsync.responder.account.AccountProblem;

/**
 * The one place where exceptions become HTTP answers: {@code application/problem+json}, never a stack trace or an
 * internal message. Authentication failures never say why (unknown, revoked or malformed key look the same).
 */
public class ProblemMapper {

    private static final String CONSOLE = "/console";
    private static final String CONSOLE_SIGN_IN = "/console/sign-in";

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        if (uri.getPath().startsWith(CONSOLE)) {
            // A console page without a live session: to the sign-in page (htmx follows HX-Redirect).
            return headers.getHeaderString("HX-Request") != null
                    ? Response.status(401).header("HX-Redirect", CONSOLE_SIGN_IN).build()
                    : Response.seeOther(URI.create(CONSOLE_SIGN_IN)).build();
        }
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(401, "Unauthorized",
                        "Present a valid API key (Authorization: Bearer <key> or X-Api-Key) or access token."))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(new Problem(403, "Forbidden", "This credential may not use this endpoint."));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        boolean ourFault = e.getConstraintViolations().stream().anyMatch(v -> {
            for (Path.Node node : v.getPropertyPath()) {
                if (node.getKind() == ElementKind.RETURN_VALUE) {
                    return true;
                }
            }
            return false;
        });
        if (ourFault) {
            Log.error("A response broke its own constraints", e);
            return problem(new Problem(500, "Internal Server Error", null));
        }
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field)).toList();
        return problem(new Problem("about:blank", "Bad Request", 400, "The request is not valid.", violations));
    }

    @ServerExceptionMapper
    public Response account(AccountProblem e) {
        return problem(new Problem(e.status(), Response.Status.fromStatusCode(e.status()) == null
                ? "Unprocessable Content"
                : Response.Status.fromStatusCode(e.status()).getReasonPhrase(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return problem(new Problem(400, "Bad Request", "The body is not the JSON this endpoint expects."));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            Log.error("Request failed", e);
        }
        // Our own 4xx messages are written for the caller; the framework's default ones ("HTTP 404 Not Found") add
        // nothing, and a 5xx message may carry internals.
        String message = e.getMessage();
        String detail = status < 500 && message != null && !message.startsWith("HTTP ") ? message : null;
        return problem(new Problem(status, e.getResponse().getStatusInfo().getReasonPhrase(), detail));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        Log.error("Request failed", e);
        return problem(new Problem(500, "Internal Server Error", null));
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** The field as the caller knows it: {@code title} for a body field, {@code size} for a query parameter. */
    private static String field(ConstraintViolation<?> violation) {
        String parameter = "";
        StringBuilder property = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case PARAMETER -> parameter = node.getName();
                case PROPERTY, CONTAINER_ELEMENT ->
                    property.append(property.isEmpty() ? "" : ".").append(node.getName());
                default -> {
                }
            }
        }
        return property.isEmpty() ? parameter : property.toString();
    }
}
