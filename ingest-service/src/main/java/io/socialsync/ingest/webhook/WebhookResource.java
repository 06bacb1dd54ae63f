package io.socialsync.ingest.webhook;

import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.smallrye.mutiny.Uni;

/**
 * The platforms' webhooks: {@code GET} for a setup check, {@code POST} for deliveries, at
 * {@code /webhooks/{platform}} or, for a platform that names the account in the route,
 * {@code /webhooks/{platform}/{account}}. The request goes to the platform's adapter as it came: headers, query
 * parameters, raw body.
 */
@Path("/webhooks/{platform}")
public class WebhookResource {

    private final WebhookService service;

    public WebhookResource(WebhookService service) {
        this.service = service;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response verify(@PathParam("platform") String platform, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        WebhookPlatform adapter = adapter(platform, Optional.empty());
        return service.verifySubscription(adapter, request(headers, uri, Optional.empty(), new byte[0]))
                .map(challenge -> Response.ok(challenge).build())
                .orElseGet(() -> Response.status(Response.Status.FORBIDDEN).build());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<DeliveryReceipt> receive(@PathParam("platform") String platform, @Context HttpHeaders headers,
            @Context UriInfo uri, byte[] body) {
        return service.receive(adapter(platform, Optional.empty()),
                request(headers, uri, Optional.empty(), body));
    }

    @POST
    @Path("/{account}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<DeliveryReceipt> receiveForAccount(@PathParam("platform") String platform,
            @PathParam("account") String account, @Context HttpHeaders headers, @Context UriInfo uri, byte[] body) {
        Optional<String> routeAccount = Optional.of(account);
        return service.receive(adapter(platform, routeAccount), request(headers, uri, routeAccount, body));
    }

    /** The platform's adapter when it serves this form of the route, else 404. */
    private WebhookPlatform adapter(String platform, Optional<String> routeAccount) {
        return service.platform(platform).filter(adapter -> adapter.routesByAccount() == routeAccount.isPresent())
                .orElseThrow(NotFoundException::new);
    }

    private static WebhookRequest request(HttpHeaders headers, UriInfo uri, Optional<String> routeAccount,
            byte[] body) {
        return new WebhookRequest(headers.getRequestHeaders(), uri.getQueryParameters(), routeAccount, body);
    }
}
