package io.socialsync.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.socialsync.testsupport.RealServers;

/**
 * Knowledge for the {@code default} tenant, written straight into PostgreSQL: the stack has no upload API yet, and
 * a fresh database would otherwise answer every question with the fallback sentence.
 */
public final class KnowledgeSeed {

    public static final String SAMPLE_TITLE = "Sample FAQ: Harbour Lane Bikes";

    /** One paragraph per chunk, so that each question retrieves the one answer it asks about. */
    public static final List<String> SAMPLE_PARAGRAPHS = List.of(
            "Opening hours: our shop at 12 Harbour Lane is open Monday to Friday from 9:00 to 18:00 and on "
                    + "Saturday from 10:00 to 16:00. We are closed on Sundays and public holidays.",
            "Delivery: orders placed before 14:00 on a working day leave our warehouse the same day. Standard "
                    + "delivery takes 2 to 4 working days and costs 4.90 EUR; it is free for orders over 50 EUR. "
                    + "We do not deliver on Sundays.",
            "Returns: you can return any unused item within 30 days of delivery for a full refund. Start the "
                    + "return from the link in your order confirmation email; we refund within 5 working days of "
                    + "receiving the parcel.",
            "Payment: we accept Visa, Mastercard, PayPal and bank transfer. Gift cards can be used online and in "
                    + "the shop.",
            "Repairs: bring your bike to the workshop without an appointment. A standard service costs 49 EUR and "
                    + "is usually ready the next working day.");

    private KnowledgeSeed() {
    }

    /** Adds the sample FAQ unless the tenant already has a document with its title. @return whether it was added */
    public static boolean seedSample(RealServers.Postgres postgres) throws SQLException {
        try (Connection connection = postgres.connect()) {
            UUID tenant = defaultTenant(connection, Duration.ofSeconds(15));
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT 1 FROM knowledge_documents WHERE tenant_id = ? AND title = ?")) {
                exists.setObject(1, tenant);
                exists.setString(2, SAMPLE_TITLE);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return false;
                    }
                }
            }
            insert(connection, tenant, SAMPLE_TITLE, "faq", SAMPLE_PARAGRAPHS);
            return true;
        }
    }

    /**
     * The {@code default} tenant, which ingest-service creates at start for the bootstrap account. Waits a little,
     * since readiness and the bootstrap are not promised to finish in that order.
     */
    public static UUID defaultTenant(Connection connection, Duration wait) throws SQLException {
        return tenant(connection, "default", wait);
    }

    /** The tenant with this slug, waiting a little for ingest's bootstrap to create it. */
    public static UUID tenant(Connection connection, String slug, Duration wait) throws SQLException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<UUID> tenant = findTenant(connection, slug);
            if (tenant.isPresent()) {
                return tenant.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No tenant with slug '" + slug + "' after " + wait.toSeconds()
                        + " s; ingest-service creates it at start from WHATSAPP_ACCOUNT_ID.");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** One document and its chunks, in one transaction so that retrieval never sees half of it. */
    public static UUID insert(Connection connection, UUID tenant, String title, String kind, List<String> chunks)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement document = connection.prepareStatement(
                "INSERT INTO knowledge_documents (tenant_id, title, kind, content) VALUES (?, ?, ?, ?) RETURNING id");
                PreparedStatement chunk = connection.prepareStatement(
                        "INSERT INTO knowledge_chunks (document_id, tenant_id, position, content) VALUES (?, ?, ?, ?)")) {
            document.setObject(1, tenant);
            document.setString(2, title);
            document.setString(3, kind);
            document.setString(4, String.join("\n\n", chunks));
            UUID id;
            try (ResultSet rows = document.executeQuery()) {
                rows.next();
                id = rows.getObject(1, UUID.class);
            }
            for (int position = 0; position < chunks.size(); position++) {
                chunk.setObject(1, id);
                chunk.setObject(2, tenant);
                chunk.setInt(3, position);
                chunk.setString(4, chunks.get(position));
                chunk.addBatch();
            }
            chunk.executeBatch();
            connection.commit();
            return id;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Optional<UUID> findTenant(Connection connection, String slug) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM tenants WHERE slug = ?")) {
            query.setString(1, slug);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getObject(1, UUID.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            // Before Flyway's first migration the table does not exist yet: treat as "not there yet".
            if ("42P01".equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
