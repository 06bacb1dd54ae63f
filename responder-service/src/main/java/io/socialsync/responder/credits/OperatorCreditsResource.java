package io.socialsync.responder.credits;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;

/** The operator's hand on a tenant's credits: top up, change the plan, set the low-balance threshold, read usage. */
@Path("/admin/tenants/{slug}")
@RolesAllowed(AdminRoles.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator")
public class OperatorCreditsResource {

    static final String OPERATOR = "operator";

    private final Credits credits;

    public OperatorCreditsResource(Credits credits) {
        this.credits = credits;
    }

    public record TopUp(@NotNull @Min(1) @Max(1_000_000_000) Long credits, @Size(max = 200) String note) {
    }

    public record Balance(long balance) {
    }

    public record PlanRequest(@NotBlank @Size(max = 50) String plan,
            @Pattern(regexp = "now|next_period", message = "must be now or next_period") String effective) {
    }

    public record PlanAnswer(String plan, String effective) {
    }

    public record Threshold(@Min(0) Long credits) {
    }

    @POST
    @Path("/credits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Top up a tenant's credits", description = "Adds credits now, with a top_up ledger entry.")
    public Uni<Balance> topUp(@PathParam("slug") String slug, @Valid @NotNull TopUp request) {
        return credits.topUp(slug, request.credits(), OPERATOR, request.note())
                .map(balance -> new Balance(balance.orElseThrow(NotFoundException::new)));
    }

    @PUT
    @Path("/plan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a tenant's plan", description = "effective=now (default): at once, an upgrade adds "
            + "the difference of monthly credits; next_period: at the next period's grant.")
    public Uni<PlanAnswer> changePlan(@PathParam("slug") String slug, @Valid @NotNull PlanRequest request) {
        Credits.Effective effective = "next_period".equals(request.effective())
                ? Credits.Effective.NEXT_PERIOD
                : Credits.Effective.NOW;
        return credits.changePlan(slug, request.plan(), effective, OPERATOR).map(outcome -> switch (outcome) {
            case UNKNOWN_PLAN -> throw new BadRequestException("unknown plan");
            case UNKNOWN_TENANT -> throw new NotFoundException();
            case CHANGED -> new PlanAnswer(request.plan(), "now");
            case SCHEDULED -> new PlanAnswer(request.plan(), "next_period");
        });
    }

    @PUT
    @Path("/low-balance-threshold")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a tenant's low-balance threshold", description = "credits=null: the default share of "
            + "the plan's monthly credits.")
    public Uni<Threshold> lowBalance(@PathParam("slug") String slug, @Valid @NotNull Threshold request) {
        return credits.setLowBalanceThreshold(slug, request.credits()).map(found -> {
            if (!found) {
                throw new NotFoundException();
            }
            return request;
        });
    }

    @GET
    @Path("/credits")
    @Operation(summary = "A tenant's balance and this period's grants and consumption")
    public Uni<Usage> usage(@PathParam("slug") String slug) {
        return credits.tenantId(slug).flatMap(id -> credits.usage(id.orElseThrow(NotFoundException::new)))
                .map(usage -> usage.orElseThrow(NotFoundException::new));
    }

    @GET
    @Path("/credits/ledger")
    @Operation(summary = "A tenant's credit ledger, newest first", description = "Next page: before=<last id>.")
    public Uni<List<LedgerEntry>> ledger(@PathParam("slug") String slug, @QueryParam("before") Long before,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return credits.tenantId(slug)
                .flatMap(id -> credits.ledger(id.orElseThrow(NotFoundException::new), before, size));
    }
}
