package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.core.api.ResendClaim;
import edu.hamburger.mail.core.api.ResendVerdict;
import edu.hamburger.mail.mailbox.resend.ResendClaims;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** The relay asks, before a first attempt, whether a record is a client's re-send of one sent already. */
@Path(InternalApi.BASE_PATH)
public class ResendClaimResource {

    @Inject
    ResendClaims claims;

    @POST
    @Path("/resend-claims")
    public Uni<Response> claim(ResendClaim claim) {
        if (claim == null || claim.digest() == null || claim.queueId() == null || claim.receivedAt() == null) {
            return Uni.createFrom().item(ApiExceptionMapper.error(ErrorCode.INVALID, "digest, queueId and receivedAt are required"));
        }
        return claims.originalOf(claim).map(original -> Response.ok(new ResendVerdict(original)).build());
    }
}
