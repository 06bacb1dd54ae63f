package io.socialsync.responder.platform.graph;

import java.net.ConnectException;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.socialsync.model.JsonCodec;
import io.socialsync.responder.platform.SendFailure;

/**
 * How SocialSync reads the Graph API's errors (PLATFORMS.md, Errors), for WhatsApp and Instagram alike. A send is
 * retried only when the error proves the message was not delivered; anything else after the request was written
 * leaves the message unconfirmed.
 *
 * <ul>
 * <li>Not sent, retried at once with backoff: HTTP 429, codes 4 (app call limit), 80007 (business account limit),
 * 130429 (throughput cap), and a connection that could not be opened.</li>
 * <li>Not sent, retryable later: 131056 (pair rate limit: the next attempt must wait for the customer's slot).</li>
 * <li>Not sent, never retried: 131047 (24 h window closed: the conversation goes to a person), 131062 (this message
 * cannot go to a business-scoped user id), 190 (token rejected), Instagram 10 and 551, and every other refusal with a
 * Graph error code.</li>
 * <li>Unknown, never retried blindly: a read timeout, a connection reset after the request was written, HTTP 5xx and
 * codes 1, 2, 131000 (the platform's own "something went wrong", after which the message may have gone out).</li>
 * </ul>
 */
public final class GraphErrors {

    private static final Set<Integer> RETRIED_CODES = Set.of(4, 80007, 130429);
    private static final Set<Integer> UNKNOWN_OUTCOME_CODES = Set.of(1, 2, 131000);
    private static final int PAIR_RATE_LIMIT = 131056;
    private static final int TOKEN_REJECTED = 190;
    private static final int WINDOW_CLOSED = 131047;
    private static final int MAX_REASON_LENGTH = 300;

    private GraphErrors() {
    }

    /** Reads an error answer into a {@link GraphApiException}; for the REST clients' exception mappers. */
    public static GraphApiException fromResponse(Response response) {
        OptionalInt code = OptionalInt.empty();
        String message = null;
        try {
            JsonNode error = JsonCodec.decode(response.readEntity(String.class), JsonNode.class).path("error");
            if (error.path("code").canConvertToInt()) {
                code = OptionalInt.of(error.path("code").asInt());
            }
            message = error.path("message").isTextual() ? error.path("message").asText() : null;
        } catch (RuntimeException notJson) {
            // A proxy or an outage page: the status alone has to do.
        }
        return new GraphApiException(response.getStatus(), code, message);
    }

    /** Whether a failed call is tried again at once (with backoff): only when it surely did not go out. */
    public static boolean retryNow(Throwable thrown) {
        GraphApiException graph = find(thrown, GraphApiException.class);
        if (graph != null) {
            if (graph.code().isPresent() && UNKNOWN_OUTCOME_CODES.contains(graph.code().getAsInt())) {
                return false;
            }
            return graph.httpStatus() == 429
                    || graph.httpStatus() < 500 && graph.code().isPresent()
                            && RETRIED_CODES.contains(graph.code().getAsInt());
        }
        return find(thrown, ConnectException.class) != null;
    }

    /** What a call that failed for good (after its retries) means for the message. */
    public static SendFailure toSendFailure(Throwable thrown) {
        GraphApiException graph = find(thrown, GraphApiException.class);
        if (graph != null) {
            String reason = truncate("HTTP " + graph.httpStatus()
                    + graph.code().stream().mapToObj(c -> ", Graph error " + c).findFirst().orElse("")
                    + (graph.graphMessage() == null ? "" : ": " + graph.graphMessage()));
            int code = graph.code().orElse(0);
            boolean unknown = graph.httpStatus() >= 500 && !(graph.code().isPresent()
                    && (RETRIED_CODES.contains(code) || code == PAIR_RATE_LIMIT))
                    || UNKNOWN_OUTCOME_CODES.contains(code);
            if (unknown) {
                return SendFailure.unknown(graph.httpStatus(), graph.code(), reason + " (delivery unknown)");
            }
            boolean retryable = retryNow(graph) || code == PAIR_RATE_LIMIT;
            return new SendFailure(graph.code(), graph.httpStatus(), retryable, code == TOKEN_REJECTED, false,
                    reason);
        }
        if (find(thrown, ConnectException.class) != null) {
            return new SendFailure(OptionalInt.empty(), 0, true, false, false, "connection failed");
        }
        if (find(thrown, TimeoutException.class) != null || timedOut(thrown)) {
            return SendFailure.unknown(0, OptionalInt.empty(), "no answer in time (delivery unknown)");
        }
        return SendFailure.unknown(0, OptionalInt.empty(),
                truncate(thrown.getClass().getSimpleName() + " after the request was written (delivery unknown)"));
    }

    /** WhatsApp refused a send because the customer's last message is more than 24 hours old. */
    public static boolean windowClosed(SendFailure failure) {
        return failure.platformErrorCode().orElse(0) == WINDOW_CLOSED;
    }

    /** Vert.x reports an idle connection as its own timeout type, not {@link TimeoutException}. */
    private static boolean timedOut(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }

    private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** The {@code @RetryWhen} predicate of the Graph API client beans. */
    public static final class RetryNow implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable thrown) {
            return retryNow(thrown);
        }
    }
}
