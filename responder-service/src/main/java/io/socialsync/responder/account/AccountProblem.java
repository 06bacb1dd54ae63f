package io.socialsync.responder.account;

/**
 * An account request the service refuses, with the HTTP status it means; the detail is written for the caller
 * (platform reasons included, tokens never). Mapped to problem+json by the responder's one ProblemMapper.
 */
public class AccountProblem extends RuntimeException {

    private final int status;

    private AccountProblem(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static AccountProblem notFound() {
        return new AccountProblem(404, "No such account.");
    }

    static AccountProblem credentialsRejected(String platformReason) {
        return new AccountProblem(422, "The platform refused the credentials: " + platformReason);
    }

    static AccountProblem heldByAnotherTenant() {
        return new AccountProblem(409, "This account is connected to another tenant.");
    }

    static AccountProblem inUse() {
        return new AccountProblem(409, "The account has conversations: deactivate it instead of deleting it.");
    }

    static AccountProblem platformUnavailable(String reason) {
        return new AccountProblem(503, "The platform could not be asked now (" + reason + "); try again.");
    }

    static AccountProblem invalidSettings(String detail) {
        return new AccountProblem(422, detail);
    }

    static AccountProblem unsupported(String platform) {
        return new AccountProblem(422, "Accounts of " + platform + " cannot be connected through the API.");
    }
}
