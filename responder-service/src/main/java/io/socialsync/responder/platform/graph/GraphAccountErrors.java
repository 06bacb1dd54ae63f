package io.socialsync.responder.platform.graph;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.socialsync.responder.platform.AccountAdapter.CredentialsCheck;
import io.socialsync.responder.platform.AccountAdapter.WebhookSubscription;

/**
 * How a failed account call of the Graph API reads for the accounts API: a client error (wrong id: 100, bad token:
 * 190, missing permission: 10 or 200) is the platform's "no", with its reason; a rate limit, a server error or no
 * answer says nothing about the token.
 */
public final class GraphAccountErrors {

    private static final int MAX_REASON = 300;

    private GraphAccountErrors() {
    }

    public static CredentialsCheck toCheck(Throwable failure) {
        GraphApiException graph = find(failure, GraphApiException.class);
        if (graph != null && graph.httpStatus() >= 400 && graph.httpStatus() < 500 && graph.httpStatus() != 429) {
            return CredentialsCheck.rejected(reason(graph));
        }
        return CredentialsCheck.unavailable(graph != null ? reason(graph) : describe(failure));
    }

    public static WebhookSubscription toSubscription(Throwable failure) {
        GraphApiException graph = find(failure, GraphApiException.class);
        return new WebhookSubscription(false, "the platform refused the subscription: "
                + (graph != null ? reason(graph) : describe(failure)));
    }

    private static String reason(GraphApiException graph) {
        String reason = "HTTP " + graph.httpStatus()
                + graph.code().stream().mapToObj(c -> ", Graph error " + c).findFirst().orElse("")
                + (graph.graphMessage() == null ? "" : ": " + graph.graphMessage());
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
    }

    private static String describe(Throwable failure) {
        if (find(failure, ConnectException.class) != null) {
            return "connection failed";
        }
        if (find(failure, TimeoutException.class) != null) {
            return "no answer in time";
        }
        return failure.getClass().getSimpleName();
    }

    private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
