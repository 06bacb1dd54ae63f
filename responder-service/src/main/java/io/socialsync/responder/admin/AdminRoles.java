package io.socialsync.responder.admin;

/** The roles of the admin API and the identity attributes that carry a caller's tenant. */
public final class AdminRoles {

    /** Manages one tenant's data: its knowledge, its keys. Always comes with {@link #TENANT_ID}. */
    public static final String TENANT_ADMIN = "tenant-admin";

    /** Runs the installation: creates tenant keys, sees dead letters; sees no tenant's data through tenant routes. */
    public static final String OPERATOR = "operator";

    /** Identity attribute: the caller's tenant id ({@link java.util.UUID}). */
    public static final String TENANT_ID = "socialsync.tenant-id";

    /** Identity attribute: the caller's tenant slug. */
    public static final String TENANT_SLUG = "socialsync.tenant-slug";

    /** Identity attribute: the id of the tenant API key presented ({@link java.util.UUID}); a console session is tied to it. */
    public static final String API_KEY_ID = "socialsync.api-key-id";

    private AdminRoles() {
    }
}
