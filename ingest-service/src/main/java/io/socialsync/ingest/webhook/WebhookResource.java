package io.socialsync.ingest.webhook;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/** The platforms' webhooks: {@code GET} for the setup check, {@code POST} for deliveries. */
@Path("/webhooks/{platform}")
public class WebhookResource {

    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

    private final WebhookService service;

    public WebhookResource(WebhookService service) {
        this.service = service;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response verify(@PathParam("platform") String platform, @QueryParam("hub.mode") String mode,
            @QueryParam("hub.verify_token") String token, @QueryParam("hub.challenge") String challenge) {
        WebhookPlatform adapter = service.platform(platform).orElseThrow(NotFoundException::new);
        if (challenge == null || !service.verifySubscription(adapter, mode, token)) {
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        return Response.ok(challenge).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<DeliveryReceipt> receive(@PathParam("platform") String platform,
            @HeaderParam(SIGNATURE_HEADER) String signature, byte[] body) {
        WebhookPlatform adapter = service.platform(platform).orElseThrow(NotFoundException::new);
        return service.receive(adapter, signature, body);
    }
}
